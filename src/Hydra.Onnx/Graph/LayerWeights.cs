using Hydra.Core.Safetensors;

namespace Hydra.Onnx.Graph;

/// <summary>
/// The tensors of one layer of a network ("{prefix}.weight", "{prefix}.bias") and a name for its graph nodes.
/// </summary>
internal sealed class LayerWeights(NetworkSource network, string prefix)
{

    /// <summary>The graph-wide name of the layer, e.g. "members.2/body.1" or "heads.0.2".</summary>
    public string Name { get; } = network.Name.Length == 0 ? prefix : network.Name + "/" + prefix;

    public SafeTensor Weight => Get("weight");

    /// <summary>Any named tensor of the layer, e.g. batch norm's "running_mean".</summary>
    public SafeTensor Tensor(string name) => Get(name);

    /// <summary>
    /// A part of a composite layer (a residual block's "conv1", "bn1", …): its tensors are "{prefix}.{part}.*".
    /// </summary>
    public LayerWeights Part(string part) => new(network, $"{prefix}.{part}");

    public SafeTensor? Bias => network.Tensors.GetValueOrDefault($"{prefix}.bias");

    private SafeTensor Get(string tensor) =>
        network.Tensors.TryGetValue($"{prefix}.{tensor}", out var value)
            ? value
            : throw new OnnxExportException($"Tensor '{prefix}.{tensor}' is missing from {Describe(network)}.");

    private static string Describe(NetworkSource network) => network.Name.Length == 0 ? "the checkpoint" : network.Name;
}
