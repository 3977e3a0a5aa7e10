using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hydra.Core;
using Hydra.Core.Data;
using Hydra.Core.Datasets;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Testing.Datasets;
using Hydra.Training.Jobs;
using Hydra.Training.Planning;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Training.Tests;

/// <summary>
/// The trainer worker on a user's dataset in storage ("datasets/{name}"): downloaded once per execution, its files'
/// SHA-256 recorded on the job and in every card, a dataset changed after submission and bad data each failing the
/// job once with the reason.
/// </summary>
[Collection("libtorch")]
public sealed class StoredDatasetWorkerTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _root = new("hydra-stored-");
    private readonly TempDirectory _downloads = new("hydra-downloads-");
    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryTrainerTransport _transport = new();
    private readonly FolderArtifactStore _store;
    private readonly JobDispatcher _dispatcher;
    private readonly DatasetCache _cache;
    private readonly string _csv = PatientTable.Csv(120);

    public StoredDatasetWorkerTests()
    {
        _store = new FolderArtifactStore(_root.Path);
        _dispatcher = new JobDispatcher(_jobs, _store, _transport, TimeProvider.System);
        _cache = new DatasetCache(_store, new DatasetOptions { DownloadPath = _downloads.Path });
    }

    public void Dispose()
    {
        _cache.Dispose();
        _root.Dispose();
        _downloads.Dispose();
    }

    [Fact]
    public async Task RunAsync_JobOnAStoredDataset_DownloadsItOnceAndRecordsEveryFilesShaOnTheJobAndEachCard()
    {
        await CommitAsync(PatientTable.Description());
        await _dispatcher.DispatchAsync(Request("job-stored"), None);

        var units = await Worker().RunAsync(None);

        Assert.Equal(3, units);
        Assert.Equal(1, _cache.Downloads);
        var status = (await _jobs.GetAsync("job-stored", None))!;
        Assert.Equal(TrainingJobState.Converting, status.State);
        var expected = new[] { ("dataset.json", Sha(PatientTable.Description())), ("patients.csv", Sha(_csv)) };
        Assert.Equal(expected, status.Dataset!.Files.Select(f => (f.Path, f.Sha256)));
        foreach (var folder in new[] { "members/0", "members/1", "kd", "hydra" })
        {
            var card = ModelCard.FromJson(await File.ReadAllTextAsync(_root.File(
                $"checkpoints/job-stored/{folder}/model.json")));
            Assert.Equal(status.Dataset.Sha256, card.DatasetFiles!.Sha256);
            Assert.Equal(expected, card.DatasetFiles.Files.Select(f => (f.Path, f.Sha256)));
            Assert.Equal(PatientTable.Classes, card.Classes);
            Assert.Equal(["mean radius", "texture", "clinic"], card.Input.Columns!.FeatureNames);
        }
    }

    [Fact]
    public async Task RunAsync_JobOnAStoredImageFolder_TrainsOnItsFolderClassesAndImageShape()
    {
        // An ImageFolder upload: images/{class}/*.png, 10 grey 8 × 8 PNGs a class, a bright band in a row that
        // depends on the class; the description names only the folder.
        string[] classes = ["circle", "square", "triangle"];
        for (var c = 0; c < classes.Length; c++)
        {
            for (var i = 0; i < 10; i++)
            {
                var (row, shade) = (c, i);
                await _store.WriteAsync($"datasets/pics/images/{classes[c]}/{i:00}.png", PngBytes.Grey(8, 8,
                    (_, y) => (byte)(y / 3 == row ? 200 + shade : 10 + shade)), None);
            }
        }

        await new DatasetStore(_store).PutDescriptionAsync("pics", """{"train": "images/"}"""u8.ToArray(), None);
        await _dispatcher.DispatchAsync(Request("job-pics", "datasets/pics"), None);

        var units = await Worker().RunAsync(None);

        Assert.Equal(3, units);
        var status = (await _jobs.GetAsync("job-pics", None))!;
        Assert.Equal(TrainingJobState.Converting, status.State);
        Assert.Equal(31, status.Dataset!.Files.Count);
        Assert.Equal(1, _cache.Downloads);
        var card = ModelCard.FromJson(await File.ReadAllTextAsync(_root.File("checkpoints/job-pics/hydra/model.json")));
        Assert.Equal(classes, card.Classes);
        Assert.Equal([1, 8, 8], card.Input.Shape);
        Assert.Equal(status.Dataset.Sha256, card.DatasetFiles!.Sha256);
    }

    [Fact]
    public async Task ProcessAsync_TrainingFileReplacedAfterSubmission_FailsTheJobOnceWithThatReason()
    {
        await CommitAsync(PatientTable.Description());
        await _dispatcher.DispatchAsync(Request("job-changed"), None);
        await _store.WriteAsync($"datasets/pat/{PatientTable.FileName}", Encoding.UTF8.GetBytes(
            PatientTable.Csv(120, seed: 5)), None);

        var outcome = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero, None))!, None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        var status = (await _jobs.GetAsync("job-changed", None))!;
        Assert.Equal(TrainingJobState.Failed, status.State);
        Assert.StartsWith("Dataset 'datasets/pat' changed after the job was submitted: 'patients.csv'", status.Reason,
            StringComparison.Ordinal);
        Assert.Equal(0, _cache.Downloads);
    }

    [Fact]
    public async Task ProcessAsync_BadRowInTheTestFile_FailsTheJobOnceWithTheLoadersMessage()
    {
        await _store.WriteAsync("datasets/pat/test.csv", Encoding.UTF8.GetBytes(
            "id,mean radius,texture,clinic,diagnosis\np1,12.0,20.0,north,benign\np2,13.0,21.0,north,unsure\n"), None);
        await CommitAsync(PatientTable.Description(test: "test.csv"));
        await _dispatcher.DispatchAsync(Request("job-bad-row"), None);

        var outcome = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero, None))!, None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        var (_, reason) = Assert.Single(_transport.DeadLettered);
        Assert.StartsWith("test.csv: line 3", reason, StringComparison.Ordinal);
        Assert.Contains("'unsure'", reason, StringComparison.Ordinal);
        Assert.Equal(reason, (await _jobs.GetAsync("job-bad-row", None))!.Reason);
        // The other member's unit finds the job failed and trains nothing; nothing goes back on the queue.
        var rest = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero, None))!, None);
        Assert.Equal(WorkOutcome.Skipped, rest);
        Assert.Equal((0, 1), (_transport.Pending, _transport.DeadLettered.Count));
    }

    [Fact]
    public async Task ProcessAsync_GzipTestFileOverTheConfiguredInflationLimit_FailsTheJobOnceWithTheLoadersMessage()
    {
        // 40 KiB of ordinary rows, gzipped to a few hundred bytes: within the dataset's size bound, over 16 KiB
        // inflated.
        var rows = string.Concat(Enumerable.Repeat("p1,12.0,20.0,north,benign\n", 1600));
        using (var gzip = new MemoryStream())
        {
            await using (var writer = new GZipStream(gzip, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                await writer.WriteAsync(Encoding.UTF8.GetBytes("id,mean radius,texture,clinic,diagnosis\n" + rows));
            }

            await _store.WriteAsync("datasets/pat/test.csv.gz", gzip.ToArray(), None);
        }

        await CommitAsync(PatientTable.Description(test: "test.csv.gz"));
        await _dispatcher.DispatchAsync(Request("job-bomb"), None);

        var outcome = await Worker(new DataLimits { MaxInflatedBytes = 16 * 1024 })
            .ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero, None))!, None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        var (_, reason) = Assert.Single(_transport.DeadLettered);
        Assert.Equal("test.csv.gz: inflates to more than 16 KiB, the limit on decompressed data "
            + "(setting Hydra:Data:Limits:MaxInflatedBytes); a decompression bomb, or a file too large to load",
            reason);
        Assert.Equal(reason, (await _jobs.GetAsync("job-bomb", None))!.Reason);
        Assert.Equal(1, _transport.Pending);
    }

    [Fact]
    public async Task ProcessAsync_PngOverTheConfiguredPixelLimit_FailsTheJobOnceWithTheLoadersMessage()
    {
        // An image folder whose headers declare 2,000 × 2,000: within the default bound, over the configured one.
        foreach (var label in new[] { "cat", "dog" })
        {
            await _store.WriteAsync($"datasets/pics/images/{label}/{label}.png", PngBytes.Header(2000, 2000), None);
        }

        await new DatasetStore(_store).PutDescriptionAsync("pics", """{"train": "images/"}"""u8.ToArray(), None);
        await _dispatcher.DispatchAsync(Request("job-png", "datasets/pics"), None);

        var outcome = await Worker(new DataLimits { MaxImagePixels = 1 << 20 })
            .ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero, None))!, None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        var (_, reason) = Assert.Single(_transport.DeadLettered);
        Assert.Equal("cat.png: the PNG header declares 2,000 × 2,000 = 4,000,000 pixels, more than the limit of "
            + "1,048,576 (setting Hydra:Data:Limits:MaxImagePixels); refused before decoding", reason);
        Assert.Equal(reason, (await _jobs.GetAsync("job-png", None))!.Reason);
    }

    [Fact]
    public async Task GetAsync_AnotherDataset_ReplacesTheFirstOnDisk()
    {
        await CommitAsync(PatientTable.Description());
        var first = await new DatasetStore(_store).SnapshotAsync("pat", None);
        var firstLocal = await _cache.GetAsync(first, None);
        await _store.WriteAsync($"datasets/pat/{PatientTable.FileName}", Encoding.UTF8.GetBytes(
            PatientTable.Csv(30, seed: 3)), None);
        var second = await new DatasetStore(_store).SnapshotAsync("pat", None);

        var again = await _cache.GetAsync(first, None);
        var secondLocal = await _cache.GetAsync(second, None);

        Assert.Same(firstLocal, again);
        Assert.Equal(2, _cache.Downloads);
        Assert.False(File.Exists(firstLocal.DescriptionPath));
        Assert.True(File.Exists(secondLocal.DescriptionPath));
    }

    private async Task CommitAsync(string description)
    {
        await _store.WriteAsync($"datasets/pat/{PatientTable.FileName}", Encoding.UTF8.GetBytes(_csv), None);
        await new DatasetStore(_store).PutDescriptionAsync("pat", Encoding.UTF8.GetBytes(description), None);
    }

    private static byte[] Request(string id, string dataset = "datasets/pat") => JsonSerializer.SerializeToUtf8Bytes(
        new TrainingJobRequest
        {
            JobId = id,
            Dataset = dataset,
            Members = 2,
            MemberEpochs = 2,
            KdEpochs = 1,
            HydraPhase1Epochs = 1,
            HydraPhase2Epochs = 1,
            HydraPlus = false,
        }, HydraJson.Options);

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private TrainingWorker Worker(DataLimits? limits = null) => QuickWorker.Over(_transport, _jobs,
        new PipelineUnitRunner(_jobs, _store, _transport, spec => JobPlanner.Plan(spec, "cpu", threads: 0, limits),
            NullLogger<PipelineUnitRunner>.Instance, TimeProvider.System, _cache));
}
