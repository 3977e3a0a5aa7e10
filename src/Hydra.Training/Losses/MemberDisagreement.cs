using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// How much the members disagree on each row: the ensemble's epistemic uncertainty of hydra-method.md §2, computed
/// from the members' raw outputs [B, M, ...] in libtorch (the reports compute the same figure from probabilities, in
/// Hydra.Core's metrics).
/// </summary>
internal static class MemberDisagreement
{
    /// <summary>
    /// Mutual information H(mean_m p_m) − mean_m H(p_m) of each row, p_m = softmax(logits_m) at temperature 1 (the
    /// temperature the reports score at); [B], natural logarithms, clamped at 0 against rounding.
    /// </summary>
    /// <param name="logits">[B, M, C] logits of the M members.</param>
    public static Tensor Classification(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = NewDisposeScope();
        var logProbabilities = nn.functional.log_softmax(logits, dim: -1);
        var probabilities = logProbabilities.exp();
        var aleatoric = -(probabilities * logProbabilities).sum(-1).mean([1]);
        var mean = probabilities.mean([1]);
        var total = -(mean * mean.clamp_min(1e-12).log()).sum(-1);
        return (total - aleatoric).clamp_min(0).MoveToOuterDisposeScope();
    }

    /// <summary>The variance over members of the predicted mean μ_m (divided by M); [B].</summary>
    /// <param name="outputs">[B, M, 2] raw outputs of the M members (<see cref="GaussianOutputs"/>).</param>
    public static Tensor Regression(Tensor outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var scope = NewDisposeScope();
        var means = GaussianOutputs.Mean(outputs);
        return (means - means.mean([1], keepdim: true)).square().mean([1]).MoveToOuterDisposeScope();
    }
}
