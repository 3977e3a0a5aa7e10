using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// The distillation objectives of hydra-method.md §1. KL terms are written out rather than taken from
/// kl_div so the reduction (sum over classes, mean over rows and heads) is explicit.
/// </summary>
internal static class DistillationLosses
{
    /// <summary>
    /// Hinton KD: T² · KL(p̄_T ‖ q_T), p̄_T the mean over members of softmax(teacher_m / T).
    /// </summary>
    /// <param name="studentLogits">[B, C] logits of the one student head.</param>
    /// <param name="teacherLogits">[B, M, C] logits of the M members.</param>
    public static Tensor KnowledgeDistillation(Tensor studentLogits, Tensor teacherLogits, double temperature)
    {
        using var scope = NewDisposeScope();
        var target = nn.functional.softmax(teacherLogits / temperature, dim: -1).mean([1]);
        var logTarget = target.clamp_min(1e-12).log();
        var logStudent = nn.functional.log_softmax(studentLogits / temperature, dim: -1);
        var kl = (target * (logTarget - logStudent)).sum(-1).mean();
        return (kl * (temperature * temperature)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Hydra phase 2: (1/M) Σ_m T² · KL(softmax(teacher_m / T) ‖ softmax(head_m / T)), averaged over rows.
    /// </summary>
    /// <param name="headLogits">[B, M, C] logits of the M heads.</param>
    /// <param name="teacherLogits">[B, M, C] logits of the M members, head m imitating member m.</param>
    public static Tensor HydraHeads(Tensor headLogits, Tensor teacherLogits, double temperature)
    {
        using var perRow = HydraHeadsPerRow(headLogits, teacherLogits, temperature);
        return perRow.mean();
    }

    /// <summary>
    /// <see cref="HydraHeads"/> before the mean over rows: [B], (1/M) Σ_m T² · KL(softmax(teacher_m / T) ‖
    /// softmax(head_m / T)) for each row, so that rows can be weighted.
    /// </summary>
    public static Tensor HydraHeadsPerRow(Tensor headLogits, Tensor teacherLogits, double temperature)
    {
        using var scope = NewDisposeScope();
        var logTarget = nn.functional.log_softmax(teacherLogits / temperature, dim: -1);
        var logStudent = nn.functional.log_softmax(headLogits / temperature, dim: -1);
        var kl = (logTarget.exp() * (logTarget - logStudent)).sum(-1).mean([1]);
        return (kl * (temperature * temperature)).MoveToOuterDisposeScope();
    }
}
