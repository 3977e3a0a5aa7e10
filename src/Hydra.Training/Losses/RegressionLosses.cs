using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// The regression objectives of hydra-method.md §1: members fit a Gaussian by NLL; the students match Gaussians by
/// KL(teacher ‖ student). Outputs are raw head outputs [..., 2] read by <see cref="GaussianOutputs"/>; losses are means
/// over rows (and heads) in nats.
/// </summary>
internal static class RegressionLosses
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>mean over rows of ½ (log 2π + log σ² + (y − μ)² / σ²).</summary>
    public static Tensor GaussianNll(Tensor mean, Tensor variance, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        ArgumentNullException.ThrowIfNull(target);
        using var scope = NewDisposeScope();
        var nll = 0.5 * (LogTwoPi + variance.log() + ((target - mean).square() / variance));
        return nll.mean().MoveToOuterDisposeScope();
    }

    /// <summary>Element-wise KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = ½ (log(σ₂²/σ₁²) + (σ₁² + (μ₁ − μ₂)²)/σ₂² − 1).</summary>
    public static Tensor GaussianKl(Tensor mean1, Tensor variance1, Tensor mean2, Tensor variance2)
    {
        using var scope = NewDisposeScope();
        var kl = 0.5 * ((variance2.log() - variance1.log()) + ((variance1 + (mean1 - mean2).square()) / variance2) - 1);
        return kl.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The single Gaussian with the mixture's first two moments, over dimension 1 of [B, M] means and variances:
    /// mean = mean_m μ_m, variance = mean_m (σ²_m + μ_m²) − mean². It is computed as mean_m σ²_m + mean_m (μ_m −
    /// mean)²,
    /// the same quantity without the cancellation of the raw second moment.
    /// </summary>
    public static (Tensor Mean, Tensor Variance) MomentMatch(Tensor means, Tensor variances)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(variances);
        using var scope = NewDisposeScope();
        var mean = means.mean([1]);
        var variance = variances.mean([1]) + (means - mean.unsqueeze(1)).square().mean([1]);
        return (mean.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope());
    }

    /// <summary>Members' loss: Gaussian NLL of the scaled targets under one head's outputs [B, 2].</summary>
    public static Tensor MemberNll(Tensor outputs, Tensor target)
    {
        using var scope = NewDisposeScope();
        return GaussianNll(GaussianOutputs.Mean(outputs), GaussianOutputs.Variance(outputs),
            target).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// KD: mean over rows of KL(N_ens ‖ N_student), N_ens the moment-matched Gaussian of the M members.
    /// </summary>
    /// <param name="student">[B, 2] outputs of the one student head.</param>
    /// <param name="teacher">[B, M, 2] outputs of the M members.</param>
    public static Tensor KnowledgeDistillation(Tensor student, Tensor teacher)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        using var scope = NewDisposeScope();
        var (mean, variance) = MomentMatch(GaussianOutputs.Mean(teacher), GaussianOutputs.Variance(teacher));
        var kl = GaussianKl(mean, variance, GaussianOutputs.Mean(student), GaussianOutputs.Variance(student));
        return kl.mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Hydra phase 2: mean over rows and heads of KL(N(μ_m, σ²_m) ‖ N(μ̂_m, σ̂²_m)), head m against member m.
    /// </summary>
    /// <param name="heads">[B, M, 2] outputs of the M heads.</param>
    /// <param name="teacher">[B, M, 2] outputs of the M members.</param>
    public static Tensor HydraHeads(Tensor heads, Tensor teacher)
    {
        using var perRow = HydraHeadsPerRow(heads, teacher);
        return perRow.mean();
    }

    /// <summary><see cref="HydraHeads"/> before the mean over rows: [B], each row's KL averaged over heads.</summary>
    public static Tensor HydraHeadsPerRow(Tensor heads, Tensor teacher)
    {
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(teacher);
        using var scope = NewDisposeScope();
        var kl = GaussianKl(GaussianOutputs.Mean(teacher), GaussianOutputs.Variance(teacher),
            GaussianOutputs.Mean(heads), GaussianOutputs.Variance(heads));
        return kl.mean([1]).MoveToOuterDisposeScope();
    }
}
