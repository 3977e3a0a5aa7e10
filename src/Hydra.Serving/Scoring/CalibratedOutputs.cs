using Hydra.Core.Calibration;
using Hydra.Core.Models;

namespace Hydra.Serving.Scoring;

/// <summary>
/// The two outputs a calibrated model adds to its graph's: <c>epistemic_quantile</c> (FP32 [N], the share of the
/// manifest's reference rows with lower epistemic uncertainty) and <c>out_of_distribution</c> (BOOL [N], epistemic
/// uncertainty above the chosen quantile of the reference rows). They are computed from the graph's
/// <c>epistemic</c> output after the run, and are asked for like any other output.
/// </summary>
public static class CalibratedOutputs
{
    public const string EpistemicQuantile = "epistemic_quantile";

    public const string OutOfDistribution = "out_of_distribution";

    public static IReadOnlyList<string> Names { get; } = [EpistemicQuantile, OutOfDistribution];

    /// <summary>How the two outputs describe themselves in model metadata.</summary>
    public static IReadOnlyList<TensorDescription> Describe() =>
    [
        new TensorDescription(EpistemicQuantile, TensorDatatypes.Fp32, [-1]),
        new TensorDescription(OutOfDistribution, TensorDatatypes.Boolean, [-1]),
    ];

    public static bool IsCalibrated(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// The graph outputs a request needs: the requested ones that are the graph's, plus <c>epistemic</c> always (the
    /// calibrated outputs and the scorer's telemetry are made from it).
    /// </summary>
    public static List<string> GraphOutputs(IReadOnlyList<string> requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var graph = requested.Where(name => !IsCalibrated(name)).ToList();
        if (!graph.Contains(GraphNames.Epistemic))
        {
            graph.Add(GraphNames.Epistemic);
        }

        return graph;
    }

    /// <summary>Every row against the calibration at one threshold; null for a model without calibration.</summary>
    public static Assessment? Assess(ModelCalibration? calibration, float[] epistemic, double level)
    {
        ArgumentNullException.ThrowIfNull(epistemic);
        if (calibration is null)
        {
            return null;
        }

        var threshold = calibration.Threshold(level);
        return new Assessment(threshold, [.. epistemic.Select(v => (float)calibration.Epistemic.ShareBelow(v))],
            [.. epistemic.Select(v => v > threshold)]);
    }

    /// <summary>The level a request asked for, else the deployment's.</summary>
    /// <exception cref="InvalidInputException">The level is not strictly between 0 and 1.</exception>
    public static double Level(double? requested, double configured)
    {
        var level = requested ?? configured;
        return ModelCalibration.IsValidLevel(level) ? level : throw new InvalidInputException(
            $"ood_quantile must be a number strictly between 0 and 1 (e.g. 0.99), not {level}.");
    }

    /// <summary>The rows of one batch against the reference: quantiles and flags at <see cref="Threshold"/>.</summary>
    public sealed record Assessment(double Threshold, float[] Quantiles, bool[] Flags)
    {
        /// <summary>The calibrated output named <paramref name="name"/>, shaped [N].</summary>
        public OutputTensor Output(string name) => name switch
        {
            EpistemicQuantile => OutputTensor.FromFloats(name, [Quantiles.Length], Quantiles),
            OutOfDistribution => OutputTensor.FromBooleans(name, [Flags.Length], Flags),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a calibrated output."),
        };
    }
}
