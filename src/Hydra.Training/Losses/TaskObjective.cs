using Hydra.Core.Models;
using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// The three losses a run needs, for its task: the members' loss against the truth, the KD loss of one student head
/// against all members, and Hydra's per-head loss. Classification: cross-entropy and temperature-scaled KLs of
/// softmaxes; regression: Gaussian NLL and KLs between Gaussians. Beside them, the per-row form of Hydra's loss and
/// the members' disagreement per row, for Hydra+'s weighted off-manifold rows.
/// </summary>
internal sealed class TaskObjective
{
    private TaskObjective(ModelTask task, Func<Tensor, Tensor, Tensor> member, Func<Tensor, Tensor, Tensor> kd,
        Func<Tensor, Tensor, Tensor> headsPerRow, Func<Tensor, Tensor> disagreement)
    {
        Task = task;
        Member = member;
        Kd = kd;
        HeadsPerRow = headsPerRow;
        Disagreement = disagreement;
    }

    public ModelTask Task { get; }

    /// <summary>(one head's outputs [B, C], truth [B]) → loss.</summary>
    public Func<Tensor, Tensor, Tensor> Member { get; }

    /// <summary>(student outputs [B, C], members' outputs [B, M, C]) → loss.</summary>
    public Func<Tensor, Tensor, Tensor> Kd { get; }

    /// <summary>(heads' outputs [B, M, C], members' outputs [B, M, C]) → loss, the mean of <see cref="HeadsPerRow"/>.
    /// </summary>
    public Tensor Heads(Tensor heads, Tensor teacher)
    {
        using var perRow = HeadsPerRow(heads, teacher);
        return perRow.mean();
    }

    /// <summary>(heads' outputs [B, M, C], members' outputs [B, M, C]) → each row's loss [B].</summary>
    public Func<Tensor, Tensor, Tensor> HeadsPerRow { get; }

    /// <summary>Members' outputs [B, M, C] → the ensemble's epistemic uncertainty of each row [B].</summary>
    public Func<Tensor, Tensor> Disagreement { get; }

    public static TaskObjective For(ModelTask task, double temperature) => task switch
    {
        ModelTask.Classification => new(task,
            (outputs, labels) => nn.functional.cross_entropy(outputs, labels),
            (student, teacher) => DistillationLosses.KnowledgeDistillation(student, teacher, temperature),
            (heads, teacher) => DistillationLosses.HydraHeadsPerRow(heads, teacher, temperature),
            MemberDisagreement.Classification),
        ModelTask.Regression => new(task, RegressionLosses.MemberNll, RegressionLosses.KnowledgeDistillation,
            RegressionLosses.HydraHeadsPerRow, MemberDisagreement.Regression),
        _ => throw new NotSupportedException($"The trainer has no objective for task '{task}'."),
    };
}
