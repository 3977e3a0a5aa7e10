namespace Hydra.Core.Metrics;

/// <summary>
/// Per-row moments of an equal-weight Gaussian mixture of member (or head) predictions: <see cref="Mean"/> = mean of μ,
/// <see cref="Aleatoric"/> = mean of σ², <see cref="Epistemic"/> = population variance of μ,
/// <see cref="Total"/> = aleatoric + epistemic (the mixture's variance).
/// </summary>
public sealed record RegressionUncertainty(double[] Mean, double[] Aleatoric, double[] Epistemic, double[] Total);
