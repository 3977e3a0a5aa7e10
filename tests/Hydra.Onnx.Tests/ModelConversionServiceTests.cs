using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Jobs;

namespace Hydra.Onnx.Tests;

public sealed class ModelConversionServiceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();
    private readonly FolderArtifactStore _store;
    private readonly InMemoryJobStore _jobs = new();
    private readonly ModelConversionService _service;

    public ModelConversionServiceTests()
    {
        _store = new FolderArtifactStore(_folder.Path);
        _service = new ModelConversionService(_store, _jobs, new OnnxExporter(), TimeProvider.System);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ConvertAsync_HydraCheckpoint_WritesTheModelAndMarksTheJobReady()
    {
        await _jobs.TryCreateAsync(TrainingJobStatus.Queued("job-1", 3, 1,
            Now) with
        { State = TrainingJobState.Converting }, CancellationToken.None);
        var card = await TestCheckpoints.WriteAsync(
            _store, "checkpoints/job-1/hydra", TestCheckpoints.Small, heads: 3, probe: ReferenceProbe.Of);

        var outcome = await _service.ConvertAsync("job-1", "hydra", CancellationToken.None);

        Assert.Equal(new ConversionOutcome(ConversionResult.Converted, "job-1"), outcome);
        var manifest = ModelManifest.FromJson(await _store.ReadAsync("models/job-1/manifest.json",
            CancellationToken.None), "manifest");
        Assert.Equal(card.Weights.Sha256, manifest.Source.Sha256);
        Assert.True(await _store.ExistsAsync("models/job-1/model.onnx", CancellationToken.None));
        var status = (await _jobs.GetAsync("job-1", CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Ready, status.State);
        Assert.Equal(["job-1"], status.Models);
    }

    [Fact]
    public async Task ConvertAsync_ReplayedEvent_WritesNothing()
    {
        await TestCheckpoints.WriteAsync(
            _store, "checkpoints/job-2/hydra-plus", TestCheckpoints.Small, heads: 2, probe: ReferenceProbe.Of);
        await _service.ConvertAsync("job-2", "hydra-plus", CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_folder.Path, "models", "job-2-plus", "model.onnx"));

        var outcome = await _service.ConvertAsync("job-2", "hydra-plus", CancellationToken.None);

        Assert.Equal(ConversionResult.AlreadyCurrent, outcome.Result);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(_folder.Path, "models", "job-2-plus",
            "model.onnx")));
    }

    [Fact]
    public async Task ConvertAsync_CorruptRetrainedCheckpoint_FailsAndTheOldModelKeepsServing()
    {
        var converting = TrainingJobStatus.Queued("job-3", 3, 1, Now) with { State = TrainingJobState.Converting };
        await _jobs.TryCreateAsync(converting, CancellationToken.None);
        await TestCheckpoints.WriteAsync(
            _store, "checkpoints/job-3/hydra", TestCheckpoints.Small, heads: 3, seed: 1, probe: ReferenceProbe.Of);
        await _service.ConvertAsync("job-3", "hydra", CancellationToken.None);
        var served = await _store.ReadAsync("models/job-3/model.onnx", CancellationToken.None);
        await TestCheckpoints.WriteAsync(
            _store, "checkpoints/job-3/hydra", TestCheckpoints.Small, heads: 3, seed: 2, probe: ReferenceProbe.Of);
        var weights = Path.Combine(_folder.Path, "checkpoints", "job-3", "hydra", "model.safetensors");
        var bytes = await File.ReadAllBytesAsync(weights);
        bytes[^5] ^= 0x5A;
        await File.WriteAllBytesAsync(weights, bytes);

        var outcome = await _service.ConvertAsync("job-3", "hydra", CancellationToken.None);

        Assert.Equal(ConversionResult.Failed, outcome.Result);
        Assert.Equal(served, await _store.ReadAsync("models/job-3/model.onnx", CancellationToken.None));
        var status = (await _jobs.GetAsync("job-3", CancellationToken.None))!;
        Assert.Equal(outcome.Reason, status.Reason);
        Assert.Contains("checkpoints/job-3/hydra", status.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("job-4", "kd")]
    [InlineData("job-4", "members")]
    [InlineData("../etc", "hydra")]
    [InlineData("job-4/members", "0")]
    public async Task ConvertAsync_NotAServedCheckpoint_IsIgnored(string jobId, string folder)
    {
        var outcome = await _service.ConvertAsync(jobId, folder, CancellationToken.None);

        Assert.Equal(ConversionResult.Ignored, outcome.Result);
        Assert.Empty(_folder.Files("models"));
    }
}
