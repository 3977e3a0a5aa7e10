using System.Text;
using Hydra.Core.Calibration;
using Hydra.Core.Checkpoints;
using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Graph;
using Hydra.Onnx.Parity;
using Onnx;

namespace Hydra.Onnx.Tests;

/// <summary>
/// The calibration an export measures on the rows its checkpoint carries: the served graph's own uncertainty, stored
/// in the manifest, stamped into the graph so that new rows make a new version.
/// </summary>
public sealed class CalibrationExportTests : IDisposable
{
    private const int Rows = 40;
    private readonly TempDirectory _temp = new();
    private readonly FolderArtifactStore _store;

    public CalibrationExportTests() => _store = new FolderArtifactStore(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Export_CheckpointWithCalibrationRows_StoresTheGraphsUncertaintyOnThem()
    {
        var (card, tensors, rows) = await WriteHydraAsync("run/hydra", seed: 3);

        var manifest = await ExportAsync("run/hydra", "models/h");

        // Independently: the C# reference forward's head probabilities, decomposed in double precision.
        var network = new NetworkSource("", card.Architecture, card.Heads, tensors.ToDictionary(t => t.Name));
        var size = rows.RowSize;
        var heads = Enumerable.Range(0, Rows).SelectMany(r => ReferenceForward.HeadProbabilities(network,
            rows.Values.AsSpan(r * size, size)).SelectMany(h => h.Select(p => (float)p))).ToArray();
        var expected = UncertaintyMetrics.Decompose(heads, Rows, card.Heads, 4);
        var calibration = manifest.Calibration!;
        Assert.Equal(Rows, calibration.Rows);
        Assert.Equal(CalibrationRows.Source, calibration.Source);
        var sortedEpistemic = expected.Epistemic.Order().ToArray();
        var sortedTotal = expected.Total.Order().ToArray();
        for (var i = 0; i < Rows; i++)
        {
            Assert.Equal(sortedEpistemic[i], calibration.Epistemic.Sorted[i], 5);
            Assert.Equal(sortedTotal[i], calibration.Total.Sorted[i], 5);
        }

        // 99.9 % of 40 rows: position 39 × 0.999 = 38.961, between the two largest.
        var q999 = sortedEpistemic[38] + (0.961 * (sortedEpistemic[39] - sortedEpistemic[38]));
        Assert.Equal(q999, calibration.Epistemic.Quantiles["99.9"], 4);
        Assert.True(calibration.Epistemic.Sorted[^1] > calibration.Epistemic.Sorted[0]);
    }

    [Fact]
    public async Task Export_NewCalibrationRowsForTheSameWeights_IsANewVersionStampedWithThem()
    {
        await WriteHydraAsync("a/hydra", seed: 3, rowSeed: 1);
        await WriteHydraAsync("b/hydra", seed: 3, rowSeed: 2);

        var first = await ExportAsync("a/hydra", "models/h");
        var second = await ExportAsync("b/hydra", "models/h");

        Assert.Equal(first.Source.Sha256, second.Source.Sha256);
        Assert.NotEqual(first.OnnxSha256, second.OnnxSha256);
        Assert.NotEqual(first.Calibration!.Epistemic.Sorted, second.Calibration!.Epistemic.Sorted);
        var model = ModelProto.Parser.ParseFrom(await _store.ReadAsync("models/h/model.onnx", CancellationToken.None));
        var stamped = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(64, stamped[MetadataKeys.CalibrationSha256].Length);
        Assert.Contains("\"99\"", stamped[MetadataKeys.EpistemicQuantiles], StringComparison.Ordinal);
        Assert.Equal(second.OnnxSha256, CheckpointStore.Sha256(await _store.ReadAsync("models/h/model.onnx",
            CancellationToken.None)));
    }

    [Fact]
    public async Task Export_CheckpointWithoutCalibrationRows_HasNoCalibration()
    {
        await TestCheckpoints.WriteAsync(_store, "old/hydra", TestCheckpoints.Small, heads: 3,
            probe: ReferenceProbe.Of);

        var manifest = await ExportAsync("old/hydra", "models/old");

        Assert.Null(manifest.Calibration);
    }

    [Fact]
    public async Task ExportEnsemble_RunWithAHydra_UsesTheHydrasCalibrationRows()
    {
        for (var m = 0; m < 3; m++)
        {
            await TestCheckpoints.WriteAsync(_store, CheckpointPaths.Folder("run", ModelKind.Member, m),
                TestCheckpoints.Small, 1, seed: m, kind: ModelKind.Member);
        }

        await WriteHydraAsync("run/hydra", seed: 3);

        var result = await new OnnxExporter().ExportEnsembleAsync(new CheckpointStore(_store), "run", _store,
            "models/e", new OnnxExportOptions { ModelId = "e" }, CancellationToken.None);

        Assert.Equal(Rows, result.Manifest.Calibration!.Rows);
    }

    [Fact]
    public async Task Export_CalibrationRowsReplacedAfterTheCard_IsRefusedAndWritesNothing()
    {
        await WriteHydraAsync("run/hydra", seed: 3);
        await _store.WriteAsync("run/hydra/calibration.safetensors", Encoding.UTF8.GetBytes("not the rows"),
            CancellationToken.None);

        var error = await Assert.ThrowsAsync<OnnxExportException>(() => ExportAsync("run/hydra", "models/x"));

        Assert.Contains("calibration rows", error.Message, StringComparison.Ordinal);
        Assert.False(await _store.ExistsAsync("models/x/manifest.json", CancellationToken.None));
    }

    private async Task<(ModelCard Card, List<Core.Safetensors.SafeTensor> Tensors, CalibrationInputs Rows)>
        WriteHydraAsync(string folder, int seed, int rowSeed = 5)
    {
        var card = TestCheckpoints.Card(TestCheckpoints.Small, heads: 3);
        var tensors = TestCheckpoints.RandomTensors(card, seed);
        card = card with { ParityProbe = ReferenceProbe.Of(card, tensors) };
        var values = ParityCheck.RandomRows(Rows, 36, seed: rowSeed);
        var rows = new CalibrationInputs(values, Rows, [1, 6, 6]);
        var written = await new CheckpointStore(_store).WriteAsync(folder, card, tensors, CancellationToken.None,
            rows);
        return (written, tensors, rows);
    }

    private async Task<ModelManifest> ExportAsync(string checkpoint, string modelFolder)
    {
        var result = await new OnnxExporter().ExportAsync(new CheckpointStore(_store), checkpoint, _store,
            modelFolder, new OnnxExportOptions { ModelId = "h" }, CancellationToken.None);
        var json = await _store.ReadAsync($"{modelFolder}/manifest.json", CancellationToken.None);
        Assert.Equal(result.Manifest.ToJson(), Encoding.UTF8.GetString(json));
        return ModelManifest.FromJson(json, modelFolder);
    }
}
