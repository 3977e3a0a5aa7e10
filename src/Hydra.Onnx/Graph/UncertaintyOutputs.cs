using Hydra.Core.Models;
using Onnx;

namespace Hydra.Onnx.Graph;

/// <summary>
/// Emits the classification outputs from the heads' logits [N, M, C]: per-head and mean probabilities, the label, and
/// the natural-log entropy split total = H(mean p), aleatoric = mean_m H(p_m), epistemic = max(total − aleatoric, 0).
/// </summary>
internal static class UncertaintyOutputs
{
    /// <summary>
    /// p·log(max(p, tiny)) is 0 for p = 0 (where p·log p would be 0·−∞ = NaN); any p below tiny contributes under
    /// 1e-28.
    /// </summary>
    private const float Tiny = 1e-30f;

    public static void Emit(GraphBuilder graph, string logits, int heads, int classes)
    {
        var headProbabilities = graph.Node("Softmax", "softmax", [logits], [GraphBuilder.Int("axis", 2)],
            GraphNames.HeadProbabilities);
        var probabilities = graph.Node("ReduceMean", "mean_over_heads", [headProbabilities],
            [GraphBuilder.Ints("axes", 1), GraphBuilder.Int("keepdims", 0)], GraphNames.Probabilities);
        graph.Node("ArgMax", "argmax", [probabilities], [GraphBuilder.Int("axis", 1), GraphBuilder.Int("keepdims", 0)],
            GraphNames.Label);

        var tiny = graph.Floats("tiny", [], [Tiny]);
        var total = Entropy(graph, probabilities, axis: 1, tiny, "total_entropy", GraphNames.Total);
        string aleatoric;
        if (heads == 1)
        {
            // One distribution: the mean is that distribution, so aleatoric is total by definition and epistemic is
            // exactly 0.
            aleatoric = graph.Node("Identity", "aleatoric_is_total", [total], output: GraphNames.Aleatoric);
        }
        else
        {
            var perHead = Entropy(graph, headProbabilities, axis: 2, tiny, "head_entropy");
            aleatoric = graph.Node("ReduceMean", "mean_head_entropy", [perHead],
                [GraphBuilder.Ints("axes", 1), GraphBuilder.Int("keepdims", 0)], GraphNames.Aleatoric);
        }

        var difference = graph.Node("Sub", "mutual_information", [total, aleatoric]);
        graph.Node("Max", "clamp_at_zero", [difference, graph.Floats("zero", [], [0f])], output: GraphNames.Epistemic);

        graph.Output(GraphNames.HeadProbabilities, TensorProto.Types.DataType.Float, heads, classes);
        graph.Output(GraphNames.Probabilities, TensorProto.Types.DataType.Float, classes);
        graph.Output(GraphNames.Label, TensorProto.Types.DataType.Int64);
        graph.Output(GraphNames.Total, TensorProto.Types.DataType.Float);
        graph.Output(GraphNames.Aleatoric, TensorProto.Types.DataType.Float);
        graph.Output(GraphNames.Epistemic, TensorProto.Types.DataType.Float);
    }

    /// <summary>−Σ p·log(max(p, tiny)) over <paramref name="axis"/>.</summary>
    private static string Entropy(GraphBuilder graph, string p, int axis, string tiny, string name,
        string? output = null)
    {
        var safe = graph.Node("Max", name + "/floor", [p, tiny]);
        var log = graph.Node("Log", name + "/log", [safe]);
        var terms = graph.Node("Mul", name + "/p_log_p", [p, log]);
        var sum = graph.Node("ReduceSum", name + "/sum", [terms, graph.Int64s(name + "/axes", axis)],
            [GraphBuilder.Int("keepdims", 0)]);
        return graph.Node("Neg", name, [sum], output: output);
    }
}
