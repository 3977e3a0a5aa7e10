using Hydra.Core.Metrics;

namespace Hydra.Training.Evaluation;

/// <summary>
/// Per-input uncertainty of every model on every input set (<c>Uncertainty[set][model]</c>, models: ensemble, kd, hydra,
/// hydra_plus) and each model's calibration bins on the test set.
/// </summary>
public sealed record EvaluationDetail(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, UncertaintyDecomposition>> Uncertainty,
    IReadOnlyDictionary<string, CalibrationResult> Calibration);
