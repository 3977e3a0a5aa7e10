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
        graph.Node("Add", "head_means/unscale", [graph.Node("Mul", "head_means/scale", [mean, std]), offset],
            output: GraphNames.HeadMeans);
        graph.Node("Mul", "head_variances/unscale", [variance, std2], output: GraphNames.HeadVariances);

        // The moments are taken on the scaled axis and mapped once: centring means of size ~std·μ + mean in target
        // units
        // would lose digits to the offset when the heads nearly agree.
        var meanOverHeads = graph.Node("ReduceMean", "mean_scaled", [mean], [GraphBuilder.Ints("axes", 1),
            GraphBuilder.Int("keepdims", 1)]);
        var predictive = graph.Node("Squeeze", "mean_scaled/squeeze", [meanOverHeads, graph.Int64s("mean_scaled/axis",
            1)]);
        graph.Node("Add", "mean/unscale", [graph.Node("Mul", "mean/scale", [predictive, std]), offset],
            output: GraphNames.Mean);
        var aleatoric = graph.Node("ReduceMean", "aleatoric_scaled", [variance], [GraphBuilder.Ints("axes", 1),
            GraphBuilder.Int("keepdims", 0)]);
        var centred = graph.Node("Sub", "epistemic/centred", [mean, meanOverHeads]);
        var squares = graph.Node("Mul", "epistemic/squares", [centred, centred]);
        var epistemic = graph.Node("ReduceMean", "epistemic_scaled", [squares], [GraphBuilder.Ints("axes", 1),
            GraphBuilder.Int("keepdims", 0)]);
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
    /// softplus(x) = max(x, 0) + log1p(e^(−|x|)): never overflows (ONNX's Softplus may compute log(e^x + 1) directly).
    /// ONNX has no Log1p and log(1 + u) in float32 loses u's relative precision for small u (a variance of e^−10 would
    /// come out 0.1% off), so log1p(u) is computed as log(w)·u/(w − 1) with w = 1 + u rounded, which is accurate to a
    /// few ulps, and as u itself where w rounds to 1.
    /// </summary>
    public static string Softplus(GraphBuilder graph, string x)
    {
        var positive = graph.Node("Relu", "softplus/relu", [x]);
        var negAbs = graph.Node("Neg", "softplus/neg_abs", [graph.Node("Abs", "softplus/abs", [x])]);
        var u = graph.Node("Exp", "softplus/exp", [negAbs]);
        var one = graph.Floats("softplus/one", [], [1f]);
        var w = graph.Node("Add", "softplus/w", [u, one]);
        var wMinusOne = graph.Node("Sub", "softplus/w_minus_one", [w, one]);
        var corrected = graph.Node("Mul", "softplus/log_w_scaled", [graph.Node("Log", "softplus/log_w", [w]),
            graph.Node("Div", "softplus/u_over", [u, wMinusOne])]);
        var rounded = graph.Node("Equal", "softplus/w_is_one", [wMinusOne, graph.Floats("softplus/zero", [], [0f])]);
        var log1p = graph.Node("Where", "softplus/log1p", [rounded, u, corrected]);
        return graph.Node("Add", "softplus", [positive, log1p]);
    }
}
