using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;
using Hydra.Onnx.Teachers;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;
using Hydra.Training.Teachers;

namespace Hydra.Onnx.Tests.Teachers;

/// <summary>
/// Teachers made independently of the exporter (hand-weighted graphs, a checkpoint in plain nn.Sequential naming)
/// give what their weights say, and a run distils from them.
/// </summary>
[Collection(LibTorchTests.Name)]
public sealed class HandTeacherTests : IDisposable
{
    private static readonly float[] Weights = [1f, -2f, 0.5f, 0.25f, -1f, 1.5f];
    private static readonly float[] Bias = [0.1f, -0.3f, 0.2f];
    private readonly TempDirectory _temp = new();
    private readonly DatasetBundle _spirals = DatasetCatalog.Load("spirals",
        new DataOptions { TrainLimit = 400, TestLimit = 150 });

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ProbabilityTeacher_IsDetectedAndGivesTheSoftmaxOfItsWeights()
    {
        using var teacher = Load("p.onnx", HandGraphs.Linear(Weights, Bias, 2, softmax: true));

        var ensemble = TeacherChecks.Validate([teacher], _spirals);
        var outputs = teacher.Predict(_spirals.Test.Features, _spirals.Test.Count);

        Assert.Equal(TeacherScores.Probabilities, Assert.Single(ensemble.Scores));
        Assert.Contains(ensemble.Notes, n => n.Contains("p.onnx: detected probabilities", StringComparison.Ordinal));
        var expected = Softmax(Logits(_spirals.Test));
        Assert.InRange(expected.Zip(outputs, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-6);
    }

    [Fact]
    public void LogitTeacher_WithTwoOutputs_ReadsTheNamedOneAndRefusesTheFirstByShape()
    {
        var graph = HandGraphs.Linear(Weights, Bias, 2, output: "logits", hiddenFirst: true);
        using var named = Load("named.onnx", graph, new OnnxTeacherOptions { Output = "logits" });
        using var first = Load("first.onnx", graph);

        var ensemble = TeacherChecks.Validate([named], _spirals);
        var outputs = named.Predict(_spirals.Test.Features, _spirals.Test.Count);
        var refusal = Assert.Throws<TeacherException>(() => TeacherChecks.Validate([first], _spirals));

        Assert.Equal(TeacherScores.Logits, Assert.Single(ensemble.Scores));
        Assert.InRange(Logits(_spirals.Test).Zip(outputs, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-5);
        Assert.Equal("Teacher 'first.onnx': it gives 4 class scores, but 'spirals' has 3 classes.", refusal.Message);
    }

    [Fact]
    public void RegressionTeacher_WithLogVariance_GivesItsMeanAndExpOfItsLogVariance()
    {
        var toy = DatasetCatalog.Load("toy-regression", new DataOptions { TrainLimit = 50, TestLimit = 20 });
        using var teacher = Load("r.onnx", HandGraphs.Regression(2f, 1f, MathF.Log(0.5f)));

        var ensemble = TeacherChecks.Validate([teacher], toy);
        var outputs = teacher.Predict(toy.Test.Features, toy.Test.Count);

        Assert.Equal(TeacherScores.Gaussian, Assert.Single(ensemble.Scores));
        for (var r = 0; r < toy.Test.Count; r++)
        {
            Assert.Equal((2 * toy.Test.Features[r]) + 1, outputs[2 * r], 4);
            Assert.Equal(0.5, outputs[(2 * r) + 1], 6);
        }
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("0.*=body.0.*|2.*=heads.0.0.*")]
    [InlineData("map")]
    public async Task SequentialCheckpoint_Renamed_GivesTheForwardOfItsWeights(string rules)
    {
        var spec = new ArchitectureSpec("hand", [2], [new LinearLayer(2, 3), new ReluLayer()], [new LinearLayer(3, 3)]);
        float[] w2 = [0.3f, -0.7f, 1.1f, -0.2f, 0.4f, 0.9f, 1.2f, -0.5f, 0.05f];
        float[] b2 = [0.01f, 0.02f, -0.03f];
        var file = _temp.File("plain.safetensors");
        await SafetensorsFile.WriteAsync(file, [SafeTensor.FromFloats("0.weight", [3, 2], Weights),
            SafeTensor.FromFloats("0.bias", [3], Bias), SafeTensor.FromFloats("2.weight", [3, 3], w2),
            SafeTensor.FromFloats("2.bias", [3], b2)]);
        var map = _temp.File("map.json");
        await File.WriteAllTextAsync(map, """{ "0.weight": "body.0.weight", "0.bias": "body.0.bias", "2.weight": """
            + """ "heads.0.0.weight", "2.bias": "heads.0.0.bias" }""");
        var renames = TensorRenames.Parse(rules == "map" ? [map] : rules.Split('|'), spec);

        using var teacher = CheckpointTeacher.Load(file, spec, renames, ModelTask.Classification, Preprocessing.None,
            OnnxTeacherOptions.DefaultMaxBytes);
        var outputs = teacher.Predict(_spirals.Test.Features, _spirals.Test.Count);

        var hidden = Logits(_spirals.Test).Select(v => Math.Max(v, 0f)).ToArray();
        var expected = Linear(hidden, w2, b2, 3);
        Assert.InRange(expected.Zip(outputs, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-5);
    }

    [Fact]
    public async Task Distill_FromHandTeachers_ReportsEachTeachersOwnAccuracy()
    {
        float[][] weights = [Weights, [.. Weights.Select(w => -w)], [.. Weights.Reverse()]];
        var teachers = weights.Select((w, i) => (ITeacher)Load($"hand-{i}.onnx", HandGraphs.Linear(w, Bias, 2)))
            .ToList();
        var options = new TrainingOptions
        {
            Members = 3,
            KdEpochs = 1,
            HydraPhase1Epochs = 1,
            HydraPhase2Epochs = 1,
            HydraPlus = false,
            Device = "cpu",
        };
        var pipeline = new HydraPipeline(options, new CheckpointStore(new FolderArtifactStore(_temp.File("run"))));

        using (var models = await pipeline.DistillAsync(_spirals, ArchitecturePresets.ToyMlp(2, 3),
            TeacherChecks.Validate(teachers, _spirals), CancellationToken.None))
        {
            var report = Evaluator.Evaluate(models);

            Assert.Equal(["hand-0.onnx", "hand-1.onnx", "hand-2.onnx"], report.Teachers!.Select(t => t.Name));
            for (var i = 0; i < weights.Length; i++)
            {
                var logits = Linear(_spirals.Test.Features, weights[i], Bias, 2);
                var correct = Enumerable.Range(0, _spirals.Test.Count).Count(r => ArgMax(logits.AsSpan(r * 3, 3))
                    == _spirals.Test.Labels![r]);
                Assert.Equal((double)correct / _spirals.Test.Count, report.Teachers![i].Classification!.Accuracy, 9);
            }
        }

        teachers.ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task Distill_FeatureMixFromTeachers_IsRefusedBeforeAnythingTrains()
    {
        using var teacher = Load("hand.onnx", HandGraphs.Linear(Weights, Bias, 2));
        var options = new TrainingOptions
        {
            Members = 1,
            KdEpochs = 1,
            HydraPhase1Epochs = 1,
            HydraPhase2Epochs = 1,
            Device = "cpu",
            OffManifold = new OffManifoldOptions(PoolSize: 100, FeatureMixShare: 0.5),
        };
        var folder = _temp.File("refused");
        var pipeline = new HydraPipeline(options, new CheckpointStore(new FolderArtifactStore(folder)));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => pipeline.DistillAsync(_spirals,
            ArchitecturePresets.ToyMlp(2, 3), TeacherChecks.Validate([teacher], _spirals), CancellationToken.None));

        Assert.Contains("feature mixing needs the product's own members", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any(),
            "something was written");
    }

    private OnnxTeacher Load(string name, byte[] graph, OnnxTeacherOptions? options = null)
    {
        File.WriteAllBytes(_temp.File(name), graph);
        return OnnxTeacher.Load(_temp.File(name), options);
    }

    private static float[] Logits(Dataset set) => Linear(set.Features, Weights, Bias, 2);

    private static float[] Linear(float[] rows, float[] weights, float[] bias, int inputs) =>
        ReferenceMath.Linear(rows, weights, bias, inputs);

    private static float[] Softmax(float[] logits)
    {
        var result = new float[logits.Length];
        for (var r = 0; r < logits.Length / 3; r++)
        {
            var row = logits.AsSpan(r * 3, 3).ToArray().Select(v => (double)v).ToArray();
            var max = row.Max();
            var sum = row.Sum(v => Math.Exp(v - max));
            for (var c = 0; c < 3; c++)
            {
                result[(r * 3) + c] = (float)(Math.Exp(row[c] - max) / sum);
            }
        }

        return result;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
