using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Tests;

/// <summary>
/// The scorer against what the real exporter writes: a hand-made two-head checkpoint with known weights
/// (linear 4→3, relu; heads linear 3→2), exported by <see cref="OnnxExporter"/>, served from <c>models/{id}</c>.
/// </summary>
public sealed class ExporterContractTests : IDisposable
{
    private const float Mean = 0.5f;
    private const float Std = 4f;

    private static readonly ArchitectureSpec Spec = new("hand", [4], [new LinearLayer(4, 3), new ReluLayer()],
        [new LinearLayer(3, 2)]);

    private readonly TempDirectory _folder = new();
    private readonly FolderArtifactStore _store;

    public ExporterContractTests()
    {
        _store = new FolderArtifactStore(_folder.Path);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Score_ExportedCheckpoint_ReproducesHandComputedHeadsFromRawRows()
    {
        var tensors = await WriteAndExportAsync();
        using var registry = new ModelRegistry(_store, "models", new ScoringOptions());
        float[][] normalised = [[0.5f, -1f, 2f, 0.25f], [-2f, 1f, 0f, 1.5f]];
        var raw = normalised.Select(row => row.Select(v => (v * Std) + Mean).ToArray()).ToArray();

        using var lease = await registry.AcquireAsync("hand", CancellationToken.None);
        var result = lease.Model.Score(raw);

        var heads = result.Get(GraphNames.HeadProbabilities).AsFloats();
        for (var r = 0; r < normalised.Length; r++)
        {
            for (var m = 0; m < 2; m++)
            {
                var expected = HeadProbabilities(tensors, m, normalised[r]);
                Assert.Equal(expected[0], heads[(r * 4) + (m * 2)], 5);
                Assert.Equal(expected[1], heads[(r * 4) + (m * 2) + 1], 5);
            }
        }

        Assert.Equal("hydra", lease.Model.Manifest.Kind);
        Assert.Equal(Std, lease.Model.Manifest.Input.Normalization.Std);
    }

    private async Task<Dictionary<string, float[]>> WriteAndExportAsync()
    {
        var card = TestCheckpoints.Card(Spec, heads: 2) with
        {
            Dataset = "hand",
            Classes = ["no", "yes"],
            Input = new InputSpec([4], new Normalization(Mean, Std)),
        };
        var tensors = TestCheckpoints.CosineTensors(card);
        await TestCheckpoints.WriteAsync(_store, "ckpt/hydra", card, tensors);
        await new OnnxExporter().ExportAsync(new CheckpointStore(_store), "ckpt/hydra", _store, "models/hand",
            new OnnxExportOptions { ModelId = "hand" }, CancellationToken.None);
        return tensors.ToDictionary(t => t.Name, t => t.ToFloats());
    }

    // PyTorch layout: weight [out, in]; body.0 is the linear layer, heads.{m}.0 each head's.
    private static double[] HeadProbabilities(Dictionary<string, float[]> t, int head, float[] x)
    {
        var hidden = new double[3];
        for (var o = 0; o < 3; o++)
        {
            hidden[o] = t["body.0.bias"][o] + Enumerable.Range(0, 4).Sum(i
                => (double)t["body.0.weight"][(o * 4) + i] * x[i]);
            hidden[o] = Math.Max(0, hidden[o]);
        }

        var logits = new double[2];
        for (var c = 0; c < 2; c++)
        {
            logits[c] = t[$"heads.{head}.0.bias"][c] + Enumerable.Range(0, 3).Sum(i
                => (double)t[$"heads.{head}.0.weight"][(c * 3) + i] * hidden[i]);
        }

        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        return [.. exp.Select(e => e / exp.Sum())];
    }
}
