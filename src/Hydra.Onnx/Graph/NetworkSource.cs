using Hydra.Core.Architecture;
using Hydra.Core.Safetensors;

namespace Hydra.Onnx.Graph;

/// <summary>
/// One body with its heads and their verified weights ("body.{i}.*", "heads.{k}.{i}.*"). A Hydra, a member or KD is one
/// network; an ensemble graph holds M one-head networks side by side. <paramref name="Name"/> prefixes its graph
/// values.
/// </summary>
internal sealed record NetworkSource(string Name, ArchitectureSpec Spec, int Heads, IReadOnlyDictionary<string,
    SafeTensor> Tensors)
{
    public LayerWeights Body(int layer) => new(this, $"body.{layer}");

    public LayerWeights Head(int head, int layer) => new(this, $"heads.{head}.{layer}");
}
