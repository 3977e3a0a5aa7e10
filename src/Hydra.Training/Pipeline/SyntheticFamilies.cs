using Hydra.Core.Errors;

namespace Hydra.Training.Pipeline;

/// <summary>
/// The families Hydra+'s synthetic rows are drawn from (<see cref="OffManifoldOptions.Families"/>). Each synthetic row
/// comes from one family, chosen uniformly among those set; <see cref="Noisy"/> alone is the recipe every earlier run
/// used, and it draws the same random numbers as before.
/// </summary>
[Flags]
public enum SyntheticFamilies
{
    None = 0,

    /// <summary>Mixup with a random partner (when <see cref="OffManifoldOptions.Mixup"/>), a fraction
    /// <see cref="OffManifoldOptions.ShuffleFraction"/> feature-shuffled, then Gaussian noise of
    /// <see cref="OffManifoldOptions.NoiseStd"/>: rows far from the data and full of noise.</summary>
    Noisy = 1,

    /// <summary>An even blend of two rows, λx + (1 − λ)x′ with λ ~ U(0.25, 0.75), no noise: clean rows between two
    /// inputs.</summary>
    Blend = 2,

    /// <summary>A rectangle of another row pasted in (images: sides of 30–70 % of the image at a random place; flat
    /// rows: each feature from the partner with probability ½), no noise: clean rows made of parts of two
    /// inputs.</summary>
    CutMix = 4,

    /// <summary>The row scaled about the normalised origin (the training mean) by a factor drawn log-uniformly from
    /// [1/3, 3], no noise: the same structure at a contrast the data never has.</summary>
    Scale = 8,

    /// <summary>Images turned a quarter or three quarters, flipped upside down or transposed (flat rows: the features
    /// in reverse order), no noise: the data's own strokes in orientations it never has.</summary>
    Turn = 16,
}

/// <summary>Parsing and naming of <see cref="SyntheticFamilies"/> as the command line and the model card write them.
/// </summary>
public static class SyntheticFamilyNames
{
    private static readonly (SyntheticFamilies Family, string Name)[] Names =
    [
        (SyntheticFamilies.Noisy, "noisy"), (SyntheticFamilies.Blend, "blend"), (SyntheticFamilies.CutMix, "cutmix"),
        (SyntheticFamilies.Scale, "scale"), (SyntheticFamilies.Turn, "turn"),
    ];

    /// <summary>The families set in <paramref name="families"/>, in a fixed order (the order rows choose by).</summary>
    public static IReadOnlyList<SyntheticFamilies> Members(SyntheticFamilies families) =>
        [.. Names.Select(n => n.Family).Where(f => families.HasFlag(f))];

    /// <summary>"noisy+blend+…", in the fixed order.</summary>
    public static string Format(SyntheticFamilies families) =>
        string.Join('+', Names.Where(n => families.HasFlag(n.Family)).Select(n => n.Name));

    /// <summary>Parses a comma- or plus-separated list of family names (case-insensitive).</summary>
    /// <exception cref="InvalidRequestException">An unknown or repeated name, or no name at all.</exception>
    public static SyntheticFamilies Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = SyntheticFamilies.None;
        const StringSplitOptions parts = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        foreach (var part in text.Split([',', '+'], parts))
        {
            var match = Names.Where(n => string.Equals(n.Name, part, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (match.Length == 0)
            {
                throw new InvalidRequestException(
                    $"Unknown synthetic family '{part}'; known: {string.Join(", ", Names.Select(n => n.Name))}.");
            }

            if (result.HasFlag(match[0].Family))
            {
                throw new InvalidRequestException($"The synthetic family '{match[0].Name}' is named twice.");
            }

            result |= match[0].Family;
        }

        return result == SyntheticFamilies.None
            ? throw new InvalidRequestException("Name at least one synthetic family.")
            : result;
    }
}
