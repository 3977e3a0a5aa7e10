namespace Hydra.Core.Reports.SeedSets;

/// <summary>
/// One target of hydra-method.md §5 for one student: the figure over seed sets, the bound it must satisfy
/// (<see cref="AtLeast"/> true: figure ≥ bound; false: figure ≤ bound) and in how many seed sets it did.
/// </summary>
public sealed record TargetCheck(string Figure, bool AtLeast, double Bound, Spread Value, int MetInSets)
{
    public string Target
        => $"{(AtLeast ? "≥" : "≤")} {Bound.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";
}
