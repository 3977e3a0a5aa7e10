namespace Hydra.Core.Reports.SeedSets;

/// <summary>
/// One figure over seed sets: the mean, the sample standard deviation (n − 1 in the denominator; 0 for a single set)
/// and the range.
/// </summary>
public sealed record Spread(double Mean, double Std, double Min, double Max, int Count)
{
    /// <exception cref="ArgumentException">No values.</exception>
    public static Spread Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("A spread needs at least one value.", nameof(values));
        }

        var mean = values.Average();
        var squares = values.Sum(v => (v - mean) * (v - mean));
        var std = values.Count > 1 ? Math.Sqrt(squares / (values.Count - 1)) : 0.0;
        return new Spread(mean, std, values.Min(), values.Max(), values.Count);
    }
}
