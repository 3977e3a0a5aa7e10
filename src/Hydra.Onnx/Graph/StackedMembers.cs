using Hydra.Core.Architecture;

namespace Hydra.Onnx.Graph;

/// <summary>
/// In an ensemble graph every member's first weighted layer reads the same input (after the same parameter-free layers,
/// such as flatten), so it runs as one Gemm or Conv over the members' weights concatenated along the output dimension,
/// then splits into one value per member. The rest of each body and head stays the member's own.
/// </summary>
internal static class StackedMembers
{
    /// <summary>The index of the body layer to stack, or null when the members cannot share one.</summary>
    public static int? FirstStackableLayer(IReadOnlyList<NetworkSource> networks)
    {
        if (networks.Count < 2 || networks.Select(n => n.Spec.ToJson()).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            return null;
        }

        var body = networks[0].Spec.Body;
        for (var i = 0; i < body.Count; i++)
        {
            switch (body[i])
            {
                case LinearLayer or Conv2dLayer:
                    return i;
                case FlattenLayer or ReluLayer or DropoutLayer or MaxPool2dLayer:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Emits layers [0, <paramref name="layer"/>] once for all members and returns each member's output of that layer.
    /// </summary>
    public static IReadOnlyList<string> Emit(GraphBuilder graph, IReadOnlyList<NetworkSource> networks, int layer,
        string input)
    {
        var shared = new NetworkSource("members", networks[0].Spec, 1, networks[0].Tensors);
        var value = input;
        for (var i = 0; i < layer; i++)
        {
            value = LayerEmitter.Emit(graph, networks[0].Spec.Body[i], value, shared.Body(i));
        }

        var spec = networks[0].Spec.Body[layer];
        var weights = networks.Select(n => n.Body(layer)).ToList();
        var first = weights[0].Weight.Shape;
        long[] stackedShape = [first[0] * networks.Count, .. first.Skip(1)];
        var name = $"members/body.{layer}";
        var inputs = new List<string> { value, graph.Floats(name + ".weight_stacked", stackedShape,
            [.. weights.SelectMany(w => w.Weight.ToFloats())]) };
        if (weights[0].Bias is not null)
        {
            inputs.Add(graph.Floats(name + ".bias_stacked", [first[0] * networks.Count], [.. weights.SelectMany(w
                => w.Bias!.ToFloats())]));
        }

        var stacked = spec switch
        {
            LinearLayer => graph.Node("Gemm", name + "/gemm", inputs, [GraphBuilder.Int("transB", 1)]),
            Conv2dLayer conv => graph.Node("Conv", name + "/conv", inputs, LayerEmitter.ConvAttributes(conv)),
            _ => throw new InvalidOperationException($"Layer {layer} cannot be stacked."),
        };

        // Opset 17's Split divides axis 1 equally between its outputs: one slice of out features or channels per
        // member.
        return graph.Nodes("Split", name + "/member", [stacked], networks.Count, [GraphBuilder.Int("axis", 1)]);
    }
}
