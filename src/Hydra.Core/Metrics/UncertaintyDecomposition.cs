namespace Hydra.Core.Metrics;

/// <summary>
/// Per-row uncertainty of a set of member (or head) distributions: <see cref="MeanProbabilities"/> is rows × classes
/// row-major; <see cref="Total"/> = H(mean), <see cref="Aleatoric"/> = mean entropy,
/// <see cref="Epistemic"/> = total − aleatoric (the mutual information, never negative).
/// </summary>
public sealed record UncertaintyDecomposition(float[] MeanProbabilities, double[] Total, double[] Aleatoric,
    double[] Epistemic);
