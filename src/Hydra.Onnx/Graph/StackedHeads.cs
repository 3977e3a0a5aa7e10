using Hydra.Core.Architecture;

namespace Hydra.Onnx.Graph;

/// <summary>
/// Runs M heads made of linear, ReLU and dropout layers as one computation: the first linear layers of all heads as
/// one Gemm over concatenated weights ([N, M·out]), the later ones as one batched MatMul over [M, N, in] with weights
/// stacked to [M, in, out]. Fewer, larger kernels than M separate branches.
/// </summary>
internal static class StackedHeads
{
    public static bool CanStack(IReadOnlyList<LayerSpec> head, int heads) =>
        heads > 1 && head.Count > 0 && head[0] is LinearLayer && head.All(l
            => l is LinearLayer or ReluLayer or DropoutLayer);

    /// <summary>Emits the heads on [N, features] and returns their logits as [N, M, outputs].</summary>
    public static string Emit(GraphBuilder graph, NetworkSource network, string features)
    {
        var head = network.Spec.Head;
        var m = network.Heads;
        var prefix = network.Name.Length == 0 ? "heads" : network.Name + "/heads";
        var first = (LinearLayer)head[0];

        var gemmInputs = new List<string> { features, graph.Floats(prefix + ".0.weight_stacked", [(long)m * first.Out,
            first.In], Concat(network, 0, "weight")) };
        if (first.Bias)
        {
            gemmInputs.Add(graph.Floats(prefix + ".0.bias_stacked", [(long)m * first.Out], Concat(network, 0, "bias")));
        }

        var wide = graph.Node("Gemm", prefix + ".0/gemm", gemmInputs, [GraphBuilder.Int("transB", 1)]);
        var perHead = graph.Node("Reshape", prefix + ".0/split_heads", [wide, graph.Int64s(prefix + "/shape", 0, m,
            first.Out)]);
        var value = graph.Node("Transpose", prefix + "/heads_first", [perHead], [GraphBuilder.Ints("perm", 1, 0, 2)]);
        for (var i = 1; i < head.Count; i++)
        {
            value = head[i] switch
            {
                LinearLayer linear => BatchedLinear(graph, network, linear, i, value, $"{prefix}.{i}"),
                ReluLayer => graph.Node("Relu", $"{prefix}.{i}/relu", [value]),
                _ => value,
            };
        }

        return graph.Node("Transpose", prefix + "/rows_first", [value], [GraphBuilder.Ints("perm", 1, 0, 2)]);
    }

    /// <summary>[M, N, in] × [M, in, out] (+ [M, 1, out]) → [M, N, out].</summary>
    private static string BatchedLinear(GraphBuilder graph, NetworkSource network, LinearLayer linear, int layer,
        string input, string name)
    {
        var m = network.Heads;
        var weights = new float[m * linear.In * linear.Out];
        for (var k = 0; k < m; k++)
        {
            var w = network.Head(k, layer).Weight.ToFloats();
            var offset = k * linear.In * linear.Out;
            for (var o = 0; o < linear.Out; o++)
            {
                for (var i = 0; i < linear.In; i++)
                {
                    weights[offset + (i * linear.Out) + o] = w[(o * linear.In) + i];
                }
            }
        }

        var product = graph.Node("MatMul", name + "/matmul", [input, graph.Floats(name + ".weight_stacked", [m,
            linear.In, linear.Out], weights)]);
        return linear.Bias
            ? graph.Node("Add", name + "/add", [product, graph.Floats(name + ".bias_stacked", [m, 1, linear.Out],
            Concat(network, layer, "bias"))])
            : product;
    }

    /// <summary>The heads' tensors of one layer, head after head.</summary>
    private static float[] Concat(NetworkSource network, int layer, string tensor) =>
        [.. Enumerable.Range(0, network.Heads).SelectMany(k =>
        {
            var weights = network.Head(k, layer);
            return tensor == "bias" ? weights.Bias!.ToFloats() : weights.Weight.ToFloats();
        })];
}
