using Hydra.Core.Data;
using Hydra.Core.Models;
using Onnx;

namespace Hydra.Onnx.Graph;

/// <summary>
/// One member as a stand-alone teacher, in the form <c>hydra distill</c> reads from any framework: raw rows in (the
/// card's normalisation runs in the graph, as C# applies it: (x − mean)·(1/std), then (x − mean_j)/std_j per
/// feature), and the head's <see cref="LogitsOutput"/> [N, C] out, or a regression head's
/// <see cref="MeanOutput"/> and <see cref="VarianceOutput"/> [N] in target units.
/// </summary>
internal static class TeacherExportGraph
{
    public const string LogitsOutput = "logits";
    public const string MeanOutput = "mean";
    public const string VarianceOutput = "variance";

    public static ModelProto Build(NetworkSource network, ModelCard card, string exporterVersion)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(card);
        var graph = new GraphBuilder("hydra_teacher");
        var shape = card.Input.Shape;
        var value = Normalise(graph, graph.Input(GraphNames.Input, shape), card.Input, shape);
        for (var i = 0; i < network.Spec.Body.Count; i++)
        {
            value = LayerEmitter.Emit(graph, network.Spec.Body[i], value, network.Body(i));
        }

        for (var i = 0; i < network.Spec.Head.Count; i++)
        {
            value = LayerEmitter.Emit(graph, network.Spec.Head[i], value, network.Head(0, i));
        }

        if (card.Task == ModelTask.Regression)
        {
            Gaussian(graph, value, card.TargetScaling ?? TargetScaling.Identity);
        }
        else
        {
            graph.Node("Identity", "logits", [value], output: LogitsOutput);
            graph.Output(LogitsOutput, TensorProto.Types.DataType.Float, card.Classes?.Count ?? 0);
        }

        var model = new ModelProto
        {
            IrVersion = HydraGraph.IrVersion,
            ProducerName = MetadataKeys.ProducerName,
            ProducerVersion = exporterVersion,
            Domain = "ai.hydra",
            ModelVersion = 1,
            DocString = $"Hydra {card.Kind} as a teacher: raw rows in, "
                + (card.Task == ModelTask.Regression ? "mean and variance (target units) out." : "logits out."),
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = HydraGraph.Opset });
        return model;
    }

    private static string Normalise(GraphBuilder graph, string input, InputSpec spec, int[] shape)
    {
        var value = input;
        if (spec.Normalization != Normalization.Identity)
        {
            var centred = graph.Node("Sub", "normalise/centre", [value,
                graph.Floats("normalise/mean", [], [spec.Normalization.Mean])]);
            value = graph.Node("Mul", "normalise/scale", [centred,
                graph.Floats("normalise/inverse_std", [], [1f / spec.Normalization.Std])]);
        }

        if (spec.Features is { } features)
        {
            long[] dims = [.. shape.Select(d => (long)d)];
            var centred = graph.Node("Sub", "features/centre", [value, graph.Floats("features/mean", dims,
                features.Mean)]);
            value = graph.Node("Div", "features/scale", [centred, graph.Floats("features/std", dims, features.Std)]);
        }

        return value;
    }

    private static void Gaussian(GraphBuilder graph, string outputs, TargetScaling scaling)
    {
        var parts = graph.Nodes("Split", "gaussian/split", [outputs], 2, [GraphBuilder.Int("axis", 1)]);
        var axis = graph.Int64s("gaussian/axis", 1);
        var mean = graph.Node("Squeeze", "gaussian/mean_scaled", [parts[0], axis]);
        var raw = graph.Node("Squeeze", "gaussian/raw", [parts[1], axis]);
        var variance = graph.Node("Add", "gaussian/variance_scaled", [RegressionOutputs.Softplus(graph, raw),
            graph.Floats("gaussian/epsilon", [], [(float)GaussianHead.VarianceEpsilon])]);
        graph.Node("Add", "mean/unscale", [graph.Node("Mul", "mean/scale", [mean, graph.Floats("target/std", [],
            [scaling.Std])]), graph.Floats("target/mean", [], [scaling.Mean])], output: MeanOutput);
        graph.Node("Mul", "variance/unscale", [variance, graph.Floats("target/variance_scale", [],
            [scaling.Std * scaling.Std])], output: VarianceOutput);
        graph.Output(MeanOutput, TensorProto.Types.DataType.Float);
        graph.Output(VarianceOutput, TensorProto.Types.DataType.Float);
    }
}
