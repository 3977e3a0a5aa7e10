using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>The product's own members (one-head networks of <paramref name="spec"/> on normalised rows); owns
/// them.</summary>
internal sealed class NetworkEnsemble(IReadOnlyList<MultiHeadNetwork> members, ArchitectureSpec spec) : EnsembleSource
{
    public IReadOnlyList<MultiHeadNetwork> Members { get; } = members;

    public override ArchitectureSpec? MemberSpec { get; } = spec;

    public override int Count => Members.Count;

    public override IReadOnlyList<Tensor> Outputs(Dataset rows, Tensor normalised,
        CancellationToken cancellationToken) =>
        [.. Members.Select(m => Inference.Outputs(m, normalised, cancellationToken))];

    public override Tensor On(Tensor normalised) => MemberOutputs.On(Members, normalised);

    public override void Dispose()
    {
        foreach (var member in Members)
        {
            member.Dispose();
        }
    }
}
