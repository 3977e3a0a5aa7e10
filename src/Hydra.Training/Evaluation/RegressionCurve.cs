using Hydra.Core.Metrics;

namespace Hydra.Training.Evaluation;

/// <summary>
/// A 1-d regression model's predictions on an evenly spaced grid <see cref="X"/> (raw input units) that extends past
/// the
/// training inputs on both sides, per model (ensemble, kd, hydra, hydra_plus), with the training points, all in target
/// units.
/// </summary>
public sealed record RegressionCurve(
    double[] X,
    IReadOnlyDictionary<string, RegressionUncertainty> Models,
    float[] TrainX,
    float[] TrainY,
    double TrainLow,
    double TrainHigh);
