using Hydra.Core.Metrics;
using Hydra.Core.Storage;
using Hydra.Onnx.Parity;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Onnx.Tests;

/// <summary>
/// The in-graph probabilities, label and entropies against Hydra.Core's metrics on the same head probabilities.
/// </summary>
public sealed class UncertaintyOutputTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FolderArtifactStore _store;

    public UncertaintyOutputTests() => _store = new FolderArtifactStore(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(5, 1f)]
    [InlineData(5, 30f)]
    [InlineData(2, 3f)]
    [InlineData(1, 3f)]
    public async Task Outputs_Heads_MatchDecomposeWithin1e5(int heads, float scale)
    {
        var model = await ExportAsync(heads);
        var inputs = Rows(37, scale);

        var outputs = OnnxRunner.Run(model, inputs, 37, TestCheckpoints.Small.InputShape,
            GraphOptimizationLevel.ORT_ENABLE_ALL);
        var expected = UncertaintyMetrics.Decompose(outputs.HeadProbabilities, 37, heads, 4);

        Assert.InRange(MaxDiff(outputs.Probabilities, expected.MeanProbabilities), 0, 1e-6);
        Assert.InRange(MaxDiff(outputs.Total, expected.Total), 0, 1e-5);
        Assert.InRange(MaxDiff(outputs.Aleatoric, expected.Aleatoric), 0, 1e-5);
        Assert.InRange(MaxDiff(outputs.Epistemic, expected.Epistemic), 0, 1e-5);
        Assert.All(outputs.Epistemic, e => Assert.True(e >= 0));
        for (var r = 0; r < 37; r++)
        {
            var row = expected.MeanProbabilities.AsSpan(r * 4, 4).ToArray();
            Assert.Equal(Array.IndexOf(row, row.Max()), outputs.Label[r]);
        }
    }

    [Fact]
    public async Task Outputs_OneHead_EpistemicIsExactlyZero()
    {
        var model = await ExportAsync(1);

        var outputs = OnnxRunner.Run(model, Rows(37, 3f), 37, TestCheckpoints.Small.InputShape,
            GraphOptimizationLevel.ORT_ENABLE_ALL);

        Assert.All(outputs.Epistemic, e => Assert.Equal(0f, e));
        Assert.Equal(outputs.Total, outputs.Aleatoric);
        Assert.Contains(outputs.Total, t => t > 0.01f);
    }

    [Fact]
    public async Task Outputs_ProbabilitiesUnderflowToZero_EntropiesStayFinite()
    {
        var model = await ExportAsync(5);

        var outputs = OnnxRunner.Run(model, Rows(37, 1e5f), 37, TestCheckpoints.Small.InputShape,
            GraphOptimizationLevel.ORT_ENABLE_ALL);

        Assert.Contains(outputs.HeadProbabilities, p => p == 0f);
        Assert.All(outputs.Total.Concat(outputs.Aleatoric).Concat(outputs.Epistemic), v
            => Assert.True(float.IsFinite(v) && v >= 0, $"{v}"));
    }

    [Fact]
    public async Task Run_BatchOfOneAndOf37_GiveTheSameRows()
    {
        var model = await ExportAsync(5);
        var inputs = Rows(37, 2f);
        var features = inputs.Length / 37;

        var batch = OnnxRunner.Run(model, inputs, 37, TestCheckpoints.Small.InputShape,
            GraphOptimizationLevel.ORT_ENABLE_ALL);
        var single = OnnxRunner.Run(model, inputs.AsSpan(36 * features, features).ToArray(), 1,
            TestCheckpoints.Small.InputShape, GraphOptimizationLevel.ORT_ENABLE_ALL);

        Assert.Equal(37 * 5 * 4, batch.HeadProbabilities.Length);
        Assert.Equal(37, batch.Epistemic.Length);
        Assert.Equal(5 * 4, single.HeadProbabilities.Length);
        Assert.InRange(MaxDiff(single.HeadProbabilities, batch.HeadProbabilities.AsSpan(36 * 20, 20).ToArray()), 0,
            1e-6);
        Assert.Equal(batch.Label[36], single.Label[0]);
    }

    private async Task<byte[]> ExportAsync(int heads)
    {
        var checkpoints = new Hydra.Core.Checkpoints.CheckpointStore(_store);
        await TestCheckpoints.WriteAsync(
            _store, "ckpt", TestCheckpoints.Small, heads, seed: 3, probe: ReferenceProbe.Of);
        var result = await new OnnxExporter().ExportAsync(checkpoints, "ckpt", _store, "models/m",
            new OnnxExportOptions { ModelId = "m" }, CancellationToken.None);
        return await _store.ReadAsync(result.ModelPath, CancellationToken.None);
    }

    private static float[] Rows(int rows, float scale) =>
        [.. ParityCheck.RandomRows(rows, 36, seed: 5).Select(v => v * scale)];

    private static double MaxDiff(float[] actual, float[] expected) =>
        actual.Select((a, i) => Math.Abs((double)a - expected[i])).Max();

    private static double MaxDiff(float[] actual, double[] expected) =>
        actual.Select((a, i) => Math.Abs(a - expected[i])).Max();
}
