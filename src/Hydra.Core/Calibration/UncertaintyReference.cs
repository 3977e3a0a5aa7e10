using System.Globalization;
using System.Text.Json.Serialization;

namespace Hydra.Core.Calibration;

/// <summary>
/// One uncertainty measure (epistemic or total) of a model on its reference rows: held-out in-domain rows, so a new
/// row's value can be placed among what the model does on data it knows. <see cref="Sorted"/> keeps every reference
/// value in ascending order; <see cref="Quantiles"/> repeats the usual levels for a person reading the manifest.
/// </summary>
public sealed record UncertaintyReference
{
    /// <summary>The levels stated in <see cref="Quantiles"/>, as fractions.</summary>
    public static IReadOnlyList<double> StandardLevels { get; } = [0.5, 0.9, 0.95, 0.99, 0.999];

    /// <summary>Every reference value, ascending.</summary>
    public required float[] Sorted { get; init; }

    /// <summary>The quantile at each of <see cref="StandardLevels"/>, keyed by the level in percent ("99.9").</summary>
    public required IReadOnlyDictionary<string, double> Quantiles { get; init; }

    [JsonIgnore]
    public int Count => Sorted.Length;

    /// <summary>The reference of <paramref name="values"/> (copied and sorted).</summary>
    /// <exception cref="ArgumentException">There are no values, or one is not finite.</exception>
    public static UncertaintyReference From(IEnumerable<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("A reference needs at least one value.", nameof(values));
        }

        if (sorted.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("Reference values must be finite.", nameof(values));
        }

        Array.Sort(sorted);
        return new UncertaintyReference
        {
            Sorted = sorted,
            Quantiles = StandardLevels.ToDictionary(LevelKey, level => QuantileOf(sorted, level)),
        };
    }

    /// <summary>"99.9" for 0.999: the key of a level in <see cref="Quantiles"/>.</summary>
    public static string LevelKey(double level) =>
        Math.Round(level * 100, 6).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// The <paramref name="level"/> quantile by linear interpolation between order statistics (Hyndman and Fan's type
    /// 7, the default of R and NumPy): position (n − 1)·level in the sorted values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not within [0, 1].</exception>
    public double Quantile(double level) => QuantileOf(Sorted, level);

    /// <summary>The share of reference values strictly below <paramref name="value"/>, in [0, 1].</summary>
    public double ShareBelow(float value)
    {
        if (float.IsNaN(value))
        {
            return double.NaN;
        }

        // Lower bound: the first index whose value is not below the one asked about.
        int lo = 0, hi = Sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (double)lo / Sorted.Length;
    }

    private static double QuantileOf(float[] sorted, double level)
    {
        if (!(level >= 0 && level <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "A quantile level must be within [0, 1].");
        }

        var position = (sorted.Length - 1) * level;
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        return sorted[lower] + (fraction * ((double)sorted[upper] - sorted[lower]));
    }
}
