using System.Text.Json.Serialization;

namespace Hydra.Core.Calibration;

/// <summary>
/// What a model's uncertainty looks like on held-out in-domain rows, measured by the exporter on the served graph
/// itself and stored in the manifest: the scorer places each scored row among these rows
/// (<c>epistemic_quantile</c>) and flags it <c>out_of_distribution</c> above a quantile of them (0.99 unless the
/// deployment or the request says otherwise). Regression models use the epistemic and total variances.
/// </summary>
public sealed record ModelCalibration
{
    /// <summary>The share of reference rows a row must be above to be flagged, unless configured otherwise.</summary>
    public const double DefaultLevel = 0.99;

    /// <summary>How many reference rows the figures come from.</summary>
    public required int Rows { get; init; }

    /// <summary>Where the rows came from, for people ("test split, even rows (held out from training)").</summary>
    public required string Source { get; init; }

    public required UncertaintyReference Epistemic { get; init; }

    public required UncertaintyReference Total { get; init; }

    /// <summary>The epistemic value above which a row is out of distribution at <paramref name="level"/>.</summary>
    public double Threshold(double level) => Epistemic.Quantile(level);

    /// <summary>
    /// Places one row's epistemic uncertainty; <paramref name="threshold"/> from <see cref="Threshold"/>.
    /// </summary>
    public OodAssessment Assess(float epistemic, double threshold) =>
        new(Epistemic.ShareBelow(epistemic), epistemic > threshold);

    /// <summary>Checks a calibration read from a manifest.</summary>
    /// <exception cref="InvalidDataException">Counts disagree, or the values are not sorted finite numbers.</exception>
    public void Validate(string source)
    {
        foreach (var (name, reference) in new[] { ("epistemic", Epistemic), ("total", Total) })
        {
            if (reference?.Sorted is not { Length: > 0 } sorted || sorted.Length != Rows)
            {
                throw new InvalidDataException(
                    $"{source}: calibration.{name} must hold the {Rows} reference values the calibration counts.");
            }

            for (var i = 0; i < sorted.Length; i++)
            {
                if (!float.IsFinite(sorted[i]) || (i > 0 && sorted[i] < sorted[i - 1]))
                {
                    throw new InvalidDataException(
                        $"{source}: calibration.{name}.sorted must be finite and ascending (index {i}).");
                }
            }
        }
    }

    /// <summary>The level as a request or setting gives it: a fraction strictly between 0 and 1.</summary>
    public static bool IsValidLevel(double level) => level > 0 && level < 1;
}

/// <summary>One row against the reference: the share of reference rows below it, and whether it is flagged.</summary>
public readonly record struct OodAssessment(double Quantile, bool OutOfDistribution)
{
    [JsonIgnore]
    public bool IsKnown => !double.IsNaN(Quantile);
}
