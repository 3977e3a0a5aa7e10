using System.Security.Cryptography;
using Google.Protobuf;
using Hydra.Core.Architecture;
using Hydra.Core.Calibration;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Onnx;

namespace Hydra.Serving.Tests;

/// <summary>
/// A hand-weighted Hydra-shaped classifier (flatten → one linear layer → M heads of C logits → softmax) built as an
/// ONNX graph with the exporter's contract, and the same function computed here in double precision as the reference.
/// </summary>
internal sealed class TinyClassifier
{
    public static readonly int[] InputShape = [2, 2];
    public const int Features = 4;
    public const int Heads = 3;
    public static readonly string[] Classes = ["ant", "bee", "cat"];
    public const float Mean = 1f;
    public const float Std = 2f;

    /// <param name="inputShape">The graph's row shape (default <see cref="InputShape"/>); its values multiply to
    /// <see cref="Features"/>.</param>
    public TinyClassifier(float scale = 1f, int[]? inputShape = null)
    {
        Shape = inputShape ?? InputShape;
        var outputs = Heads * Classes.Length;
        Weights = new float[Features * outputs];
        for (var i = 0; i < Weights.Length; i++)
        {
            // Distinct, deterministic weights so heads disagree and classes differ.
            Weights[i] = scale * (float)Math.Sin(1.7 * i + 0.3);
        }

        Bias = new float[outputs];
        for (var i = 0; i < Bias.Length; i++)
        {
            Bias[i] = 0.1f * (i % 4) - 0.15f;
        }
    }

    public int[] Shape { get; }

    /// <summary>[Features, Heads × Classes], row-major.</summary>
    public float[] Weights { get; }

    public float[] Bias { get; }

    public byte[] BuildOnnx()
    {
        var graph = new GraphProto { Name = "tiny-hydra" };
        graph.Input.Add(Tensor("input", 1, [.. Shape.Select(d => (long)d)]));
        graph.Output.Add(Tensor("head_probabilities", 1, Heads, Classes.Length));
        graph.Output.Add(Tensor("probabilities", 1, Classes.Length));
        graph.Output.Add(Tensor("label", 7));
        graph.Output.Add(Tensor("total", 1));
        graph.Output.Add(Tensor("aleatoric", 1));
        graph.Output.Add(Tensor("epistemic", 1));
        graph.Initializer.Add(FloatInit("W", Weights, Features, Heads * Classes.Length));
        graph.Initializer.Add(FloatInit("B", Bias, Heads * Classes.Length));
        graph.Initializer.Add(LongInit("head_shape", [-1, Heads, Classes.Length]));
        graph.Initializer.Add(LongInit("axis1", [1]));
        graph.Initializer.Add(LongInit("axis2", [2]));

        graph.Node.Add(Node("Flatten", ["input"], ["x"], Int("axis", 1)));
        graph.Node.Add(Node("MatMul", ["x", "W"], ["xw"]));
        graph.Node.Add(Node("Add", ["xw", "B"], ["flat_logits"]));
        graph.Node.Add(Node("Reshape", ["flat_logits", "head_shape"], ["logits"]));
        graph.Node.Add(Node("Softmax", ["logits"], ["head_probabilities"], Int("axis", 2)));
        graph.Node.Add(Node("ReduceMean", ["head_probabilities"], ["probabilities"], Ints("axes", 1), Int("keepdims",
            0)));
        graph.Node.Add(Node("ArgMax", ["probabilities"], ["label"], Int("axis", 1), Int("keepdims", 0)));
        graph.Node.Add(Node("Log", ["probabilities"], ["log_p"]));
        graph.Node.Add(Node("Mul", ["probabilities", "log_p"], ["p_log_p"]));
        graph.Node.Add(Node("ReduceSum", ["p_log_p", "axis1"], ["neg_total"], Int("keepdims", 0)));
        graph.Node.Add(Node("Neg", ["neg_total"], ["total"]));
        graph.Node.Add(Node("Log", ["head_probabilities"], ["log_h"]));
        graph.Node.Add(Node("Mul", ["head_probabilities", "log_h"], ["h_log_h"]));
        graph.Node.Add(Node("ReduceSum", ["h_log_h", "axis2"], ["neg_head_entropy"], Int("keepdims", 0)));
        graph.Node.Add(Node("ReduceMean", ["neg_head_entropy"], ["neg_aleatoric"], Ints("axes", 1), Int("keepdims",
            0)));
        graph.Node.Add(Node("Neg", ["neg_aleatoric"], ["aleatoric"]));
        graph.Node.Add(Node("Sub", ["total", "aleatoric"], ["epistemic"]));

        var model = new ModelProto { IrVersion = 8, ProducerName = "hydra-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "hydra.kind", Value = "hydra" });
        return model.ToByteArray();
    }

    /// <summary>
    /// Writes <c>{root}/{modelId}/model.onnx</c>, then <c>manifest.json</c> (last, as the exporter does).
    /// </summary>
    public void Write(string root, string modelId, string kind = "hydra", ModelCalibration? calibration = null,
        InputSpec? input = null)
    {
        var folder = Path.Combine(root, modelId);
        Directory.CreateDirectory(folder);
        var onnx = BuildOnnx();
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), onnx);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), ManifestJson(modelId,
            Convert.ToHexStringLower(SHA256.HashData(onnx)), kind, calibration, input));
    }

    /// <param name="input">The manifest's input (default: rows of [2, 2], normalised by <see cref="Mean"/> and
    /// <see cref="Std"/>).</param>
    public static string ManifestJson(string modelId, string sha256, string kind = "hydra",
        ModelCalibration? calibration = null, InputSpec? input = null) => new ModelManifest
        {
            ModelId = modelId,
            Kind = kind,
            Task = ModelTask.Classification,
            Heads = Heads,
            Classes = ["ant", "bee", "cat"],
            Input = input ?? new InputSpec([2, 2], new Normalization(Mean, Std)),
            Architecture = new ArchitectureSpec("tiny", input?.Shape ?? [2, 2], [new FlattenLayer()],
                [new LinearLayer(4, 3)]),
            Source = new ManifestSource("checkpoints/tiny/hydra", new string('a', 64)),
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.5 },
            Parity = new ParityReport(0, 0, 16, 1e-5, Passed: true),
            MultiplyAccumulates = Features * Heads * Classes.Length,
            Created = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            ExporterVersion = "test",
            OnnxSha256 = sha256,
            Calibration = calibration,
        }.ToJson();

    /// <summary>
    /// The reference: the graph's function computed in double precision, normalising <paramref name="raw"/> the given
    /// number of times.
    /// </summary>
    public Expected Compute(float[] raw, int normalisations = 1)
    {
        var x = raw.Select(v => (double)v).ToArray();
        for (var n = 0; n < normalisations; n++)
        {
            x = x.Select(v => (v - Mean) / Std).ToArray();
        }

        var classes = Classes.Length;
        var heads = new double[Heads][];
        for (var m = 0; m < Heads; m++)
        {
            var logits = new double[classes];
            for (var c = 0; c < classes; c++)
            {
                var output = m * classes + c;
                logits[c] = Bias[output];
                for (var f = 0; f < Features; f++)
                {
                    logits[c] += x[f] * Weights[f * Heads * classes + output];
                }
            }

            var max = logits.Max();
            var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
            heads[m] = exp.Select(e => e / exp.Sum()).ToArray();
        }

        var mean = Enumerable.Range(0, classes).Select(c => heads.Average(h => h[c])).ToArray();
        var total = -mean.Sum(p => p * Math.Log(p));
        var aleatoric = heads.Average(h => -h.Sum(p => p * Math.Log(p)));
        var label = Array.IndexOf(mean, mean.Max());
        return new Expected(heads, mean, label, total, aleatoric, total - aleatoric);
    }

    public sealed record Expected(double[][] Heads, double[] Probabilities, int Label, double Total, double Aleatoric,
        double Epistemic);

    private static ValueInfoProto Tensor(string name, int elementType, params long[] dimensions)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (var d in dimensions)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    private static TensorProto FloatInit(string name, float[] values, params long[] dimensions)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dimensions);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static TensorProto LongInit(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{outputs[0]}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
