using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hydra.Core;
using Hydra.Core.Datasets;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;
using Hydra.Testing.Datasets;
using Hydra.Training.Jobs;
using Hydra.Training.Planning;
using Hydra.Training.Teachers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Training.Tests;

/// <summary>
/// The trainer worker on a distill-only job ("teachers": "teachers/{name}"): no member unit, the teachers downloaded
/// once and their SHA-256 recorded on the job and in every card, a redelivered distillation after the job distilled
/// doing nothing, one redelivered mid-way resuming from the checkpoints in storage, a checkpoint teacher of the wrong
/// shape failing the job once, named.
/// </summary>
[Collection("libtorch")]
public sealed class DistillOnlyWorkerTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _root = new("hydra-distill-only-");
    private readonly TempDirectory _downloads = new("hydra-teacher-downloads-");
    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryTrainerTransport _transport = new();
    private readonly FolderArtifactStore _store;
    private readonly JobDispatcher _dispatcher;
    private readonly TeacherCache _teachers;

    public DistillOnlyWorkerTests()
    {
        _store = new FolderArtifactStore(_root.Path);
        _dispatcher = new JobDispatcher(_jobs, _store, _transport, TimeProvider.System);
        _teachers = new TeacherCache(_store, new TeacherOptions { DownloadPath = _downloads.Path });
    }

    public void Dispose()
    {
        _teachers.Dispose();
        _root.Dispose();
        _downloads.Dispose();
    }

    [Fact]
    public async Task RunAsync_DistillOnlyJob_DistilsWithoutMembersRecordsTheTeachersAndResumesOnRedelivery()
    {
        var hashes = await StoreTeachersAsync();
        await _dispatcher.DispatchAsync(Request("byo", "teachers/ens"), None);

        Assert.Equal(["byo.distill"], _transport.Sent.Where(s => s.JobId == "byo").Select(s => s.MessageId));
        Assert.Equal(1, await Worker().RunAsync(None));

        var status = (await _jobs.GetAsync("byo", None))!;
        Assert.Equal(TrainingJobState.Converting, status.State);
        Assert.Empty(status.Members);
        Assert.Equal(hashes, status.Teachers!.Files.Select(f => (f.Name, f.Sha256!)));
        Assert.Equal(1, _teachers.Downloads);
        foreach (var kind in new[] { "kd", "hydra" })
        {
            var card = ModelCard.FromJson(await File.ReadAllTextAsync(_root.File(
                $"checkpoints/byo/{kind}/model.json")));
            Assert.Equal(hashes, card.Teachers!.Select(t => (t.Name, t.Sha256)));
        }

        // A late duplicate finds the job distilled and does nothing.
        var kdCard = _root.File("checkpoints/byo/kd/model.json");
        var written = File.GetLastWriteTimeUtc(kdCard);
        await _transport.SendAsync(TrainingWorkItem.Distill("byo"), None);
        Assert.Equal(1, await Worker().RunAsync(None));
        Assert.Equal(TrainingJobState.Converting, (await _jobs.GetAsync("byo", None))!.State);

        // A delivery after a worker died mid-way (Hydra not stored yet) takes over and finishes from storage.
        Directory.Delete(_root.File("checkpoints/byo/hydra"), recursive: true);
        await _jobs.TransitionAsync("byo", s => s with
        {
            State = TrainingJobState.Distilling,
            DistillationAttempt = "dead",
        }, TimeProvider.System, None);
        await _transport.SendAsync(TrainingWorkItem.Distill("byo"), None);
        Assert.Equal(1, await Worker().RunAsync(None));

        Assert.Equal(TrainingJobState.Converting, (await _jobs.GetAsync("byo", None))!.State);
        Assert.True(File.Exists(_root.File("checkpoints/byo/hydra/model.json")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(kdCard));
        Assert.Equal(1, _teachers.Downloads);
        Assert.Empty(_transport.DeadLettered);
    }

    [Fact]
    public async Task RunAsync_DistillOnlyJobWithAHeadWidth_OpensTheTeachersAsTheyAreAndWidensTheStudents()
    {
        await StoreTeachersAsync();
        var request = JsonSerializer.Deserialize<TrainingJobRequest>(Request("byo-wide", "teachers/ens"),
            HydraJson.Options)!;
        var wide = request with { StudentHeadWidth = 48 };
        await _dispatcher.DispatchAsync(JsonSerializer.SerializeToUtf8Bytes(wide, HydraJson.Options), None);

        await Worker().RunAsync(None);

        // The teachers (checkpoints without architecture.json) open with the job's architecture, 64-32 heads; had
        // they been given the widened one, their tensors would not fit and the job would fail.
        var status = (await _jobs.GetAsync("byo-wide", None))!;
        Assert.Equal(TrainingJobState.Converting, status.State);
        var card = ModelCard.FromJson(await File.ReadAllTextAsync(_root.File("checkpoints/byo-wide/hydra/model.json")));
        Assert.EndsWith("-head48", card.Architecture.Name, StringComparison.Ordinal);
        Assert.Equal([48, 2], card.Architecture.Head.OfType<Core.Architecture.LinearLayer>().Select(l => l.Out));
    }

    [Fact]
    public async Task ProcessAsync_CheckpointTeacherOfAnotherShape_FailsTheJobOnceNamingIt()
    {
        await StoreTeachersAsync();
        await _store.WriteAsync("teachers/wrong/member-0.safetensors", await _store.ReadAsync(
            "teachers/ens/member-0.safetensors", None), None);
        // Another architecture for the checkpoints: 2 × 8 hidden units cannot hold the members' 64-wide tensors.
        await _store.WriteAsync("teachers/wrong/architecture.json", Encoding.UTF8.GetBytes("""
            {"name":"narrow","input_shape":[5],"body":[{"type":"linear","in":5,"out":8},{"type":"relu"}],
             "head":[{"type":"linear","in":8,"out":2}]}
            """), None);
        await _dispatcher.DispatchAsync(Request("byo-wrong", "teachers/wrong"), None);

        var outcome = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero, None))!, None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        var (_, reason) = Assert.Single(_transport.DeadLettered);
        Assert.StartsWith("Teacher 'member-0.safetensors'", reason, StringComparison.Ordinal);
        Assert.Equal(reason, (await _jobs.GetAsync("byo-wrong", None))!.Reason);
        Assert.Equal(0, _transport.Pending);
    }

    /// <summary>
    /// Trains an ordinary two-member job on the stored table and hands its member checkpoints back as teachers in
    /// "teachers/ens"; returns each teacher's name and SHA-256.
    /// </summary>
    private async Task<List<(string Name, string Sha256)>> StoreTeachersAsync()
    {
        var csv = PatientTable.Csv(120);
        await _store.WriteAsync($"datasets/pat/{PatientTable.FileName}", Encoding.UTF8.GetBytes(csv), None);
        await new DatasetStore(_store).PutDescriptionAsync("pat", Encoding.UTF8.GetBytes(PatientTable.Description()),
            None);
        await _dispatcher.DispatchAsync(JsonSerializer.SerializeToUtf8Bytes(new TrainingJobRequest
        {
            JobId = "members",
            Dataset = "datasets/pat",
            Members = 2,
            MemberEpochs = 3,
            KdEpochs = 0,
            HydraPhase1Epochs = 0,
            HydraPhase2Epochs = 0,
            HydraPlus = false,
        }, HydraJson.Options), None);
        await Worker().RunAsync(None);
        var hashes = new List<(string, string)>();
        for (var m = 0; m < 2; m++)
        {
            var weights = await _store.ReadAsync($"checkpoints/members/members/{m}/{ModelCard.WeightsFileName}", None);
            await _store.WriteAsync($"teachers/ens/member-{m}.safetensors", weights, None);
            hashes.Add(($"member-{m}.safetensors", Convert.ToHexStringLower(SHA256.HashData(weights))));
        }

        return hashes;
    }

    private static byte[] Request(string id, string teachers) => JsonSerializer.SerializeToUtf8Bytes(
        new TrainingJobRequest
        {
            JobId = id,
            Dataset = "datasets/pat",
            Teachers = teachers,
            KdEpochs = 2,
            HydraPhase1Epochs = 1,
            HydraPhase2Epochs = 2,
            HydraPlus = false,
        }, HydraJson.Options);

    /// <summary>Checkpoint teachers as the worker's composition opens them (ONNX needs Hydra.Onnx, not here).</summary>
    private static IReadOnlyList<ITeacher> Load(TeacherDownloader.LocalTeachers local, Core.Data.DatasetBundle bundle,
        Core.Architecture.ArchitectureSpec student)
    {
        var spec = local.ArchitecturePath is { } path
            ? Core.Architecture.ArchitectureSpec.FromJson(File.ReadAllText(path))
            : student;
        return [.. local.Files.Select(f => (ITeacher)CheckpointTeacher.Load(f, spec, TensorRenames.None, bundle.Task,
            Preprocessing.Of(bundle), long.MaxValue, Path.GetFileName(f)))];
    }

    private TrainingWorker Worker() => QuickWorker.Over(_transport, _jobs,
        new PipelineUnitRunner(_jobs, _store, _transport, spec => JobPlanner.Plan(spec, "cpu", threads: 0),
            NullLogger<PipelineUnitRunner>.Instance, TimeProvider.System, teachers: _teachers, loadTeachers: Load));
}
