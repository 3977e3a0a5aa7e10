using Hydra.Core.Metrics;

namespace Hydra.Training.Evaluation;

/// <summary>
/// Per-input uncertainty of every model on every input set (<c>Uncertainty[set][model]</c>, models: ensemble, kd,
/// hydra,
/// hydra_plus) and each model's calibration bins on the test set. A regression run leaves both empty and fills
/// <see cref="Regression"/> (and <see cref="Curve"/> for one input feature) instead.
/// </summary>
public sealed record EvaluationDetail(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, UncertaintyDecomposition>> Uncertainty,
    IReadOnlyDictionary<string, CalibrationResult> Calibration)
{
    /// <summary>
    /// Regression: per-input moments of every model on every input set, <c>Regression[set][model]</c>, in target units.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, RegressionUncertainty>>? Regression { get; init; }

    /// <summary>
    /// Regression on one input feature: every model's predictions over a grid wider than the training inputs.
    /// </summary>
    public RegressionCurve? Curve { get; init; }

    /// <summary>Classification on two input features: every model's epistemic uncertainty over the plane.</summary>
    public PlaneMap? Map { get; init; }

    /// <summary>The ensemble's epistemic uncertainty on every input set, classification or regression.</summary>
    public IReadOnlyDictionary<string, double[]> EnsembleEpistemic() => Regression is { } regression
        ? regression.ToDictionary(p => p.Key, p => p.Value[EnsembleKey].Epistemic)
        : Uncertainty.ToDictionary(p => p.Key, p => p.Value[EnsembleKey].Epistemic);

    private const string EnsembleKey = "ensemble";
}
