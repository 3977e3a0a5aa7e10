using TorchSharp;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// The per-row weights of <see cref="PoolWeighting.Disagreement"/>: w_i = u_i^γ / mean_j u_j^γ, u the members'
/// disagreement on each pooled row and γ the temper exponent (γ = 0: every row 1; γ &lt; 1 flattens, γ &gt; 1
/// sharpens). Mean 1, so the off-manifold loss keeps the scale <see cref="OffManifoldOptions.Weight"/> gives it.
/// </summary>
internal static class DisagreementWeights
{
    /// <param name="disagreement">[P] non-negative disagreement per row.</param>
    /// <param name="power">γ ≥ 0.</param>
    /// <returns>[P] weights with mean 1; all 1 when no row has any disagreement.</returns>
    public static Tensor From(Tensor disagreement, double power)
    {
        ArgumentNullException.ThrowIfNull(disagreement);
        ArgumentOutOfRangeException.ThrowIfNegative(power);
        using var scope = NewDisposeScope();
        var tempered = power == 0 ? ones_like(disagreement) : disagreement.clamp_min(0).pow(power);
        var mean = tempered.mean();
        var weights = mean.ToDouble() > 0 ? tempered / mean : ones_like(disagreement);
        return weights.MoveToOuterDisposeScope();
    }
}
