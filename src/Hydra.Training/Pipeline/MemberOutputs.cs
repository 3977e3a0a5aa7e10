using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>The ensemble members' outputs, stacked along dimension 1 ([N, M, C]).</summary>
internal static class MemberOutputs
{
    /// <summary>Every member's output on <paramref name="inputs"/>, without gradient.</summary>
    public static Tensor On(IReadOnlyList<MultiHeadNetwork> members, Tensor inputs)
    {
        using (no_grad())
        {
            return stack(members.Select(m => m.forward(inputs).select(1, 0)).ToArray(), dim: 1);
        }
    }
}
