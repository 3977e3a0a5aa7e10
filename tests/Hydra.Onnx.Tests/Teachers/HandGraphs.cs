using Google.Protobuf;
using Hydra.Onnx.Graph;
using Onnx;

namespace Hydra.Onnx.Tests.Teachers;

/// <summary>
/// Teacher graphs written by hand with the project's graph writer, sharing nothing with the exporter's layers: a
/// linear layer with given weights, optional softmax and extra outputs, and the malformed graphs teachers must refuse.
/// </summary>
internal static class HandGraphs
{
    /// <summary>x [N, inputs] → Wx + b (softmax-ed when asked) as <paramref name="output"/> [N, outputs].</summary>
    /// <param name="weights">[outputs, inputs], row-major.</param>
    public static byte[] Linear(float[] weights, float[] bias, int inputs, bool softmax = false,
        string output = "scores", bool hiddenFirst = false, long[]? inputShape = null)
    {
        var graph = new GraphBuilder("hand");
        var x = graph.Input("x", [.. (inputShape ?? [inputs]).Select(d => (int)d)]);
        var flat = inputShape is { Length: > 1 }
            ? graph.Node("Flatten", "flatten", [x], [GraphBuilder.Int("axis", 1)])
            : x;
        if (hiddenFirst)
        {
            graph.Node("Identity", "hidden", [graph.Node("Concat", "twice", [flat, flat],
                [GraphBuilder.Int("axis", 1)])], output: "hidden");
            graph.Output("hidden", TensorProto.Types.DataType.Float, 2 * inputs);
        }

        var outputs = bias.Length;
        var scores = Gemm(graph, flat, weights, bias, inputs);
        graph.Node(softmax ? "Softmax" : "Identity", "out", [scores], softmax ? [GraphBuilder.Int("axis", 1)] : null,
            output: output);
        graph.Output(output, TensorProto.Types.DataType.Float, outputs);
        return Model(graph);
    }

    /// <summary>x [N, 1] → mean = a·x + b [N, 1], log_variance = c [N, 1].</summary>
    public static byte[] Regression(float a, float b, float logVariance, int inputs = 1)
    {
        var graph = new GraphBuilder("hand_regression");
        var x = graph.Input("x", [inputs]);
        graph.Node("Identity", "mean", [Gemm(graph, x, [a, .. new float[inputs - 1]], [b], inputs)], output: "mean");
        graph.Node("Identity", "log_variance", [Gemm(graph, x, new float[inputs], [logVariance], inputs)],
            output: "log_variance");
        graph.Output("mean", TensorProto.Types.DataType.Float, 1);
        graph.Output("log_variance", TensorProto.Types.DataType.Float, 1);
        return Model(graph);
    }

    /// <summary>A linear teacher whose every output is NaN (√−1 added to it).</summary>
    public static byte[] NaNs(int inputs, int outputs)
    {
        var graph = new GraphBuilder("nan");
        var x = graph.Input("x", [inputs]);
        var scores = Gemm(graph, x, new float[outputs * inputs], new float[outputs], inputs);
        var nan = graph.Node("Sqrt", "sqrt_minus_one", [graph.Floats("minus_one", [], [-1f])]);
        graph.Node("Add", "poisoned", [scores, nan], output: "scores");
        graph.Output("scores", TensorProto.Types.DataType.Float, outputs);
        return Model(graph);
    }

    /// <summary>Two inputs a, b [N, 2] added.</summary>
    public static byte[] TwoInputs()
    {
        var graph = new GraphBuilder("two_inputs");
        var a = graph.Input("a", [2]);
        var b = graph.Input("b", [2]);
        graph.Node("Add", "sum", [a, b], output: "scores");
        graph.Output("scores", TensorProto.Types.DataType.Float, 2);
        return Model(graph);
    }

    /// <summary>A linear teacher followed by an operator from a custom domain.</summary>
    public static byte[] CustomDomain(int inputs, int outputs)
    {
        var graph = new GraphBuilder("custom");
        var x = graph.Input("x", [inputs]);
        var scores = Gemm(graph, x, new float[outputs * inputs], new float[outputs], inputs);
        graph.Node("Magic", "magic", [scores], output: "scores");
        graph.Graph.Node[^1].Domain = "com.example";
        graph.Output("scores", TensorProto.Types.DataType.Float, outputs);
        var model = ModelProto.Parser.ParseFrom(Model(graph));
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example", Version = 1 });
        return model.ToByteArray();
    }

    private static string Gemm(GraphBuilder graph, string x, float[] weights, float[] bias, int inputs) =>
        graph.Node("Gemm", "gemm", [x, graph.Floats("w", [bias.Length, inputs], weights),
            graph.Floats("b", [bias.Length], bias)], [GraphBuilder.Int("transB", 1)]);

    private static byte[] Model(GraphBuilder graph)
    {
        var model = new ModelProto { IrVersion = HydraGraph.IrVersion, Graph = graph.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = HydraGraph.Opset });
        return model.ToByteArray();
    }
}
