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
        BatchNorm1dLayer bn => BatchNorm(graph, bn.Eps, input, weights),
        BatchNorm2dLayer bn => BatchNorm(graph, bn.Eps, input, weights),
        AvgPool2dLayer pool => AvgPool(graph, pool, input, weights.Name),
        GlobalAvgPoolLayer => graph.Node("Flatten", weights.Name + "/flatten",
            [graph.Node("GlobalAveragePool", weights.Name + "/gap", [input])], [GraphBuilder.Int("axis", 1)]),
        ResidualBlockLayer block => Residual(graph, block, input, weights),
        _ => throw Unsupported(layer, weights.Name),
    };

    /// <summary>Whether <see cref="Emit"/> knows the layer type, so a spec can be refused before any work.</summary>
    public static bool IsSupported(LayerSpec layer) =>
        layer is LinearLayer or Conv2dLayer or ReluLayer or MaxPool2dLayer or FlattenLayer or DropoutLayer
            or BatchNorm1dLayer or BatchNorm2dLayer or AvgPool2dLayer or GlobalAvgPoolLayer or ResidualBlockLayer;

    public static OnnxExportException Unsupported(LayerSpec layer, string where) =>
        new($"Layer {where} of type '{TypeName(layer)}' has no ONNX export (supported: linear, conv2d, relu, "
            + $"maxpool2d, flatten, dropout, batchnorm1d, batchnorm2d, avgpool2d, global_avgpool, residual).");

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

    /// <summary>
    /// Inference-mode batch norm (training_mode 0): (x − running_mean) / sqrt(running_var + eps) · weight + bias per
    /// channel, on [N, C] or [N, C, H, W].
    /// </summary>
    private static string BatchNorm(GraphBuilder graph, double eps, string input, LayerWeights weights) =>
        graph.Node("BatchNormalization", weights.Name + "/batchnorm",
            [
                input,
                Constant(graph, weights.Name + ".weight", weights.Weight),
                Constant(graph, weights.Name + ".bias", weights.Tensor("bias")),
                Constant(graph, weights.Name + ".running_mean", weights.Tensor("running_mean")),
                Constant(graph, weights.Name + ".running_var", weights.Tensor("running_var")),
            ],
            [GraphBuilder.Float("epsilon", (float)eps)]);

    /// <summary>Floor-mode average pooling without padding, as PyTorch's AvgPool2d defaults.</summary>
    private static string AvgPool(GraphBuilder graph, AvgPool2dLayer pool, string input, string name) =>
        graph.Node("AveragePool", name + "/avgpool", [input],
        [
            GraphBuilder.Ints("kernel_shape", pool.Kernel, pool.Kernel),
            GraphBuilder.Ints("strides", pool.EffectiveStride, pool.EffectiveStride),
        ]);

    /// <summary>
    /// relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), the shortcut an identity or a 1×1 conv + bn.
    /// </summary>
    private static string Residual(GraphBuilder graph, ResidualBlockLayer block, string input, LayerWeights weights)
    {
        var value = Conv(graph, block.Conv1, input, weights.Part("conv1"));
        value = BatchNorm(graph, block.Bn1.Eps, value, weights.Part("bn1"));
        value = graph.Node("Relu", weights.Name + "/relu1", [value]);
        value = Conv(graph, block.Conv2, value, weights.Part("conv2"));
        value = BatchNorm(graph, block.Bn2.Eps, value, weights.Part("bn2"));
        var shortcut = block.HasProjection
            ? BatchNorm(graph, block.ShortcutBn.Eps, Conv(graph, block.ShortcutConv, input,
            weights.Part("shortcut_conv")), weights.Part("shortcut_bn"))
            : input;
        var sum = graph.Node("Add", weights.Name + "/add", [value, shortcut]);
        return graph.Node("Relu", weights.Name + "/relu", [sum]);
    }

    private static string Constant(GraphBuilder graph, string name, SafeTensor tensor) =>
        graph.Floats(name, tensor.Shape, tensor.ToFloats());
}
