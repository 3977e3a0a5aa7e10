using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>The ensemble members' outputs that the students distil, stacked along dimension 1 ([N, M, C]).</summary>
internal static class MemberOutputs
{
    /// <summary>The teacher tensor on the inputs' device, computed once per training row.</summary>
    public static Tensor Teacher(IReadOnlyList<MultiHeadNetwork> members, Tensor inputs,
        CancellationToken cancellationToken)
    {
        // No augmentation, so one pass per member serves every distillation epoch.
        var logits = members.Select(m => Inference.Outputs(m, inputs, cancellationToken)).ToArray();
        var teacher = cat(logits, 1).to(inputs.device);
        foreach (var part in logits)
        {
            part.Dispose();
        }

        return teacher;
    }

    /// <summary>Every member's output on <paramref name="inputs"/>, without gradient.</summary>
    public static Tensor On(IReadOnlyList<MultiHeadNetwork> members, Tensor inputs)
    {
        using (no_grad())
        {
            return stack(members.Select(m => m.forward(inputs).select(1, 0)).ToArray(), dim: 1);
        }
    }
}
