using Hydra.Core.Data;
using Hydra.Core.Models;
using Onnx;

namespace Hydra.Onnx.Graph;

/// <summary>
/// Emits the regression outputs from the heads' raw outputs [N, M, 2] ([μ, raw] on the scaled axis, see
/// <see cref="GaussianHead"/>): each head's mean and variance in target units, the predictive mean, aleatoric = mean of
/// σ²_m, epistemic = variance over heads of μ_m, total = aleatoric + epistemic — all un-scaled with the target scaling.
/// </summary>
internal static class RegressionOutputs
{
    public static void Emit(GraphBuilder graph, string outputs, int heads, TargetScaling scaling)
    {
        var parts = graph.Nodes("Split", "gaussian/split", [outputs], 2, [GraphBuilder.Int("axis", 2)]);
        var lastAxis = graph.Int64s("gaussian/last_axis", 2);
        var mean = graph.Node("Squeeze", "gaussian/mean_scaled", [parts[0], lastAxis]);
        var raw = graph.Node("Squeeze", "gaussian/raw", [parts[1], lastAxis]);
        var variance = graph.Node("Add", "gaussian/variance_scaled",
            [Softplus(graph, raw), graph.Floats("gaussian/epsilon", [], [(float)GaussianHead.VarianceEpsilon])]);

        var std = graph.Floats("target/std", [], [scaling.Std]);
        var std2 = graph.Floats("target/variance_scale", [], [scaling.Std * scaling.Std]);
        var offset = graph.Floats("target/mean", [], [scaling.Mean]);
        graph.Node("Add", "head_means/unscale", [graph.Node("Mul", "head_means/scale", [mean, std]), offset], output: GraphNames.HeadMeans);
        graph.Node("Mul", "head_variances/unscale", [variance, std2], output: GraphNames.HeadVariances);

        // The moments are taken on the scaled axis and mapped once: centring means of size ~std·μ + mean in target units
        // would lose digits to the offset when the heads nearly agree.
        var meanOverHeads = graph.Node("ReduceMean", "mean_scaled", [mean], [GraphBuilder.Ints("axes", 1), GraphBuilder.Int("keepdims", 1)]);
        var predictive = graph.Node("Squeeze", "mean_scaled/squeeze", [meanOverHeads, graph.Int64s("mean_scaled/axis", 1)]);
        graph.Node("Add", "mean/unscale", [graph.Node("Mul", "mean/scale", [predictive, std]), offset], output: GraphNames.Mean);
        var aleatoric = graph.Node("ReduceMean", "aleatoric_scaled", [variance], [GraphBuilder.Ints("axes", 1), GraphBuilder.Int("keepdims", 0)]);
        var centred = graph.Node("Sub", "epistemic/centred", [mean, meanOverHeads]);
        var squares = graph.Node("Mul", "epistemic/squares", [centred, centred]);
        var epistemic = graph.Node("ReduceMean", "epistemic_scaled", [squares], [GraphBuilder.Ints("axes", 1), GraphBuilder.Int("keepdims", 0)]);
        var aleatoricOut = graph.Node("Mul", "aleatoric/unscale", [aleatoric, std2], output: GraphNames.Aleatoric);
        var epistemicOut = graph.Node("Mul", "epistemic/unscale", [epistemic, std2], output: GraphNames.Epistemic);
        graph.Node("Add", "total", [aleatoricOut, epistemicOut], output: GraphNames.Total);

        graph.Output(GraphNames.HeadMeans, TensorProto.Types.DataType.Float, heads);
        graph.Output(GraphNames.HeadVariances, TensorProto.Types.DataType.Float, heads);
        graph.Output(GraphNames.Mean, TensorProto.Types.DataType.Float);
        graph.Output(GraphNames.Total, TensorProto.Types.DataType.Float);
        graph.Output(GraphNames.Aleatoric, TensorProto.Types.DataType.Float);
        graph.Output(GraphNames.Epistemic, TensorProto.Types.DataType.Float);
    }

    /// <summary>
    /// softplus(x) = max(x, 0) + log(1 + e^(−|x|)): never overflows (ONNX's Softplus may compute e^x directly), and equals
    /// libtorch's softplus to float precision everywhere.
    /// </summary>
    private static string Softplus(GraphBuilder graph, string x)
    {
        var positive = graph.Node("Relu", "softplus/relu", [x]);
        var negAbs = graph.Node("Neg", "softplus/neg_abs", [graph.Node("Abs", "softplus/abs", [x])]);
        var onePlus = graph.Node("Add", "softplus/one_plus", [graph.Node("Exp", "softplus/exp", [negAbs]), graph.Floats("softplus/one", [], [1f])]);
        return graph.Node("Add", "softplus", [positive, graph.Node("Log", "softplus/log", [onePlus])]);
    }
}
