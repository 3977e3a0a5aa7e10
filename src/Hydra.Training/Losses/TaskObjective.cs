using Hydra.Core.Models;
using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// The three losses a run needs, for its task: the members' loss against the truth, the KD loss of one student head
/// against all members, and Hydra's per-head loss. Classification: cross-entropy and temperature-scaled KLs of
/// softmaxes; regression: Gaussian NLL and KLs between Gaussians.
/// </summary>
internal sealed class TaskObjective
{
    private TaskObjective(Func<Tensor, Tensor, Tensor> member, Func<Tensor, Tensor, Tensor> kd, Func<Tensor, Tensor,
        Tensor> heads)
    {
        Member = member;
        Kd = kd;
        Heads = heads;
    }

    /// <summary>(one head's outputs [B, C], truth [B]) → loss.</summary>
    public Func<Tensor, Tensor, Tensor> Member { get; }

    /// <summary>(student outputs [B, C], members' outputs [B, M, C]) → loss.</summary>
    public Func<Tensor, Tensor, Tensor> Kd { get; }

    /// <summary>(heads' outputs [B, M, C], members' outputs [B, M, C]) → loss.</summary>
    public Func<Tensor, Tensor, Tensor> Heads { get; }

    public static TaskObjective For(ModelTask task, double temperature) => task switch
    {
        ModelTask.Classification => new(
            (outputs, labels) => nn.functional.cross_entropy(outputs, labels),
            (student, teacher) => DistillationLosses.KnowledgeDistillation(student, teacher, temperature),
            (heads, teacher) => DistillationLosses.HydraHeads(heads, teacher, temperature)),
        ModelTask.Regression => new(
            RegressionLosses.MemberNll, RegressionLosses.KnowledgeDistillation, RegressionLosses.HydraHeads),
        _ => throw new NotSupportedException($"The trainer has no objective for task '{task}'."),
    };
}
