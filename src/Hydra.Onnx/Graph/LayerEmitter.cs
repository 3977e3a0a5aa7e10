using Hydra.Core.Architecture;
using Hydra.Core.Safetensors;
using Onnx;

namespace Hydra.Onnx.Graph;

/// <summary>
/// Turns one layer of a spec into ONNX nodes on a [N, ...row] value and returns the output value's name. A new layer
/// type is one arm of the switch and one small method here (and one in <see cref="Parity.ReferenceForward"/>).
/// </summary>
internal static class LayerEmitter
{
    public static string Emit(GraphBuilder graph, LayerSpec layer, string input, LayerWeights weights) => layer switch
    {
        LinearLayer => Linear(graph, input, weights),
        Conv2dLayer conv => Conv(graph, conv, input, weights),
        ReluLayer => graph.Node("Relu", weights.Name + "/relu", [input]),
        MaxPool2dLayer pool => MaxPool(graph, pool, input, weights.Name),
        FlattenLayer => graph.Node("Flatten", weights.Name + "/flatten", [input], [GraphBuilder.Int("axis", 1)]),
        // Dropout is the identity at inference: nothing to emit.
        DropoutLayer => input,
        _ => throw Unsupported(layer, weights.Name),
    };

    /// <summary>Whether <see cref="Emit"/> knows the layer type, so a spec can be refused before any work.</summary>
    public static bool IsSupported(LayerSpec layer) =>
        layer is LinearLayer or Conv2dLayer or ReluLayer or MaxPool2dLayer or FlattenLayer or DropoutLayer;

    public static OnnxExportException Unsupported(LayerSpec layer, string where) =>
        new($"Layer {where} of type '{TypeName(layer)}' has no ONNX export (supported: linear, conv2d, relu, maxpool2d, flatten, dropout).");

    /// <summary>The spec's type name, or the CLR name for a layer type the JSON contract does not know.</summary>
    public static string TypeName(LayerSpec layer)
    {
        try
        {
            return layer.TypeName;
        }
        catch (KeyNotFoundException)
        {
            return layer.GetType().Name;
        }
    }

    /// <summary>y = x Wᵀ + b as one Gemm (transB = 1 takes PyTorch's [out, in] weight as stored).</summary>
    private static string Linear(GraphBuilder graph, string input, LayerWeights weights)
    {
        var inputs = new List<string> { input, Constant(graph, weights.Name + ".weight", weights.Weight) };
        if (weights.Bias is { } bias)
        {
            inputs.Add(Constant(graph, weights.Name + ".bias", bias));
        }

        return graph.Node("Gemm", weights.Name + "/gemm", inputs, [GraphBuilder.Int("transB", 1)]);
    }

    private static string Conv(GraphBuilder graph, Conv2dLayer conv, string input, LayerWeights weights)
    {
        var inputs = new List<string> { input, Constant(graph, weights.Name + ".weight", weights.Weight) };
        if (weights.Bias is { } bias)
        {
            inputs.Add(Constant(graph, weights.Name + ".bias", bias));
        }

        return graph.Node("Conv", weights.Name + "/conv", inputs, ConvAttributes(conv));
    }

    public static IEnumerable<AttributeProto> ConvAttributes(Conv2dLayer conv) =>
    [
        GraphBuilder.Ints("kernel_shape", conv.Kernel, conv.Kernel),
        GraphBuilder.Ints("strides", conv.Stride, conv.Stride),
        GraphBuilder.Ints("pads", conv.Padding, conv.Padding, conv.Padding, conv.Padding),
    ];

    /// <summary>Floor-mode pooling without padding, as PyTorch's MaxPool2d defaults.</summary>
    private static string MaxPool(GraphBuilder graph, MaxPool2dLayer pool, string input, string name) =>
        graph.Node("MaxPool", name + "/maxpool", [input],
        [
            GraphBuilder.Ints("kernel_shape", pool.Kernel, pool.Kernel),
            GraphBuilder.Ints("strides", pool.EffectiveStride, pool.EffectiveStride),
        ]);

    private static string Constant(GraphBuilder graph, string name, SafeTensor tensor) =>
        graph.Floats(name, tensor.Shape, tensor.ToFloats());
}
