using System.Text;
using Hydra.Core.Architecture;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Hydra.Training.Jobs;
using Hydra.Training.Planning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hydra.Training.Tests;

/// <summary>The trainer worker on real TorchSharp training, with the job store and transport in memory.</summary>
[Collection("libtorch")]
public sealed class TrainingWorkerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hydra-worker-").FullName;
    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryTrainerTransport _transport = new();
    private readonly FolderArtifactStore _store;
    private readonly JobDispatcher _dispatcher;

    public TrainingWorkerTests()
    {
        _store = new FolderArtifactStore(_root);
        _dispatcher = new JobDispatcher(_jobs, _store, _transport, TimeProvider.System);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task RunAsync_ThreeMemberJob_TrainsEveryMemberAndDistilsExactlyOnce()
    {
        await _dispatcher.DispatchAsync(Request("job-full"), CancellationToken.None);

        var units = await Worker().RunAsync(CancellationToken.None);

        Assert.Equal(4, units);
        Assert.Single(_transport.Sent, s => s.Kind == WorkItemKind.Distill);
        Assert.Equal(4, _transport.Completed.Count);
        foreach (var folder in new[] { "members/0", "members/1", "members/2", "kd", "hydra" })
        {
            Assert.True(File.Exists(Path.Combine(_root, "checkpoints", "job-full", folder, "model.json")), folder);
        }

        Assert.True(File.Exists(Path.Combine(_root, "reports", "job-full", "report.json")));
        var status = (await _jobs.GetAsync("job-full", CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Converting, status.State);
        Assert.True(status.AllMembersDone);
        Assert.Equal("job-full.member.2", status.DistillationClaimedBy);
    }

    [Fact]
    public async Task RunAsync_PooledRecipeJob_WritesAHydraPlusContinuedFromHydra()
    {
        var request = RequestFor("job-pooled") with { HydraPlus = true, HydraPlusRecipe = "pooled" };
        await _dispatcher.DispatchAsync(Json(request), CancellationToken.None);

        await Worker().RunAsync(CancellationToken.None);

        var card = await new Core.Checkpoints.CheckpointStore(_store).ReadCardAsync("checkpoints/job-pooled/hydra-plus",
            CancellationToken.None);
        // Hydra's phase 2 has 2 epochs, so Hydra+ gets round(0.6 × 2) = 1, from the trained Hydra, over a pool of the
        // 300 training rows.
        var phase = Assert.Single(card.Phases);
        Assert.Equal(("hydra+ phase 2", 1), (phase.Name, phase.Epochs));
        Assert.Equal("hydra", card.Training["start"]);
        Assert.Contains("pool=300, refresh_epochs=1, share=1.5", card.Training["off_manifold"],
            StringComparison.Ordinal);
        Assert.Contains("shuffle=0.5", card.Training["off_manifold"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_JobWithAStudentHeadWidth_TrainsMembersAsTheyAreAndStudentsWithWiderHeads()
    {
        await _dispatcher.DispatchAsync(Json(RequestFor("job-wide") with { StudentHeadWidth = 48 }),
            CancellationToken.None);

        await Worker().RunAsync(CancellationToken.None);

        var checkpoints = new Core.Checkpoints.CheckpointStore(_store);
        async Task<ArchitectureSpec> ArchitectureOf(string model) => (await checkpoints.ReadCardAsync(
            $"checkpoints/job-wide/{model}", CancellationToken.None)).Architecture;
        Assert.Equal(ArchitecturePresets.ToyMlp(2, 3).ToJson(), (await ArchitectureOf("members/0")).ToJson());
        var hydra = await ArchitectureOf("hydra");
        Assert.Equal("toy-mlp-head48", hydra.Name);
        Assert.Equal<LayerSpec>([new LinearLayer(64, 48), new ReluLayer(), new LinearLayer(48, 3)], hydra.Head);
        Assert.Equal(TrainingJobState.Converting, (await _jobs.GetAsync("job-wide", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ProcessAsync_MemberRedeliveredAfterItFinished_NeitherRetrainsNorRequestsDistillationAgain()
    {
        await _dispatcher.DispatchAsync(Request("job-redo"), CancellationToken.None);
        await Worker().RunAsync(CancellationToken.None);
        var card = Path.Combine(_root, "checkpoints", "job-redo", "members", "1", "model.json");
        var written = File.GetLastWriteTimeUtc(card);
        var sent = _transport.Sent.Count;

        _transport.Enqueue("job-redo.member.1", TrainingWorkItem.Member("job-redo", 1).ToJsonBytes());
        var outcome = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero,
            CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(WorkOutcome.Completed, outcome);
        Assert.Equal(written, File.GetLastWriteTimeUtc(card));
        Assert.Equal(sent, _transport.Sent.Count);
    }

    [Fact]
    public async Task ProcessAsync_MalformedMessage_IsDeadLetteredWithTheReason()
    {
        _transport.Enqueue("m-1", Encoding.UTF8.GetBytes("{\"job_id\": 3"));

        var outcome = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero,
            CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        var (id, reason) = Assert.Single(_transport.DeadLettered);
        Assert.Equal("m-1", id);
        Assert.StartsWith("Not a training work item", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_UnknownJob_IsDeadLettered()
    {
        await _transport.SendAsync(TrainingWorkItem.Member("job-ghost", 0), CancellationToken.None);

        var outcome = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero,
            CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        Assert.Contains("job-ghost", Assert.Single(_transport.DeadLettered).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_SpecTheDataCannotFit_FailsTheJobAndDeadLetters()
    {
        var wrongInput = new ArchitectureSpec("wide", [5], [new LinearLayer(5, 8), new ReluLayer()],
            [new LinearLayer(8, 3)]);
        await _dispatcher.DispatchAsync(Json(RequestFor("job-misfit") with { ArchitectureSpec = wrongInput }),
            CancellationToken.None);

        var outcome = await Worker().ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero,
            CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(WorkOutcome.DeadLettered, outcome);
        var status = (await _jobs.GetAsync("job-misfit", CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Failed, status.State);
        Assert.Contains("rows of [2]", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_ShutdownMidMember_AbandonsAndReleasesTheMember()
    {
        await _dispatcher.DispatchAsync(Json(RequestFor("job-stop") with { Members = 1, MemberEpochs = 500 }),
            CancellationToken.None);
        var delivery = (await _transport.ReceiveAsync(TimeSpan.Zero, CancellationToken.None))!;
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var outcome = await Worker().ProcessAsync(delivery, shutdown.Token);

        Assert.Equal(WorkOutcome.Abandoned, outcome);
        Assert.Equal(1, _transport.Pending);
        var status = (await _jobs.GetAsync("job-stop", CancellationToken.None))!;
        Assert.Equal(MemberState.Pending, status.Members[0].State);
        Assert.False(File.Exists(Path.Combine(_root, "checkpoints", "job-stop", "members", "0", "model.json")));
        var retry = (await _transport.ReceiveAsync(TimeSpan.Zero, CancellationToken.None))!;
        Assert.Equal(2, retry.DeliveryCount);
    }

    private static byte[] Request(string id) => Json(RequestFor(id));

    private static byte[] Json(TrainingJobRequest request) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        request, Core.HydraJson.Options);

    private static TrainingJobRequest RequestFor(string id) => new()
    {
        JobId = id,
        Dataset = "spirals",
        Members = 3,
        MemberEpochs = 3,
        KdEpochs = 2,
        HydraPhase1Epochs = 1,
        HydraPhase2Epochs = 2,
        HydraPlus = false,
        TrainLimit = 300,
        TestLimit = 100,
    };

    private TrainingWorker Worker() => new(_transport, _jobs,
        new PipelineUnitRunner(_jobs, _store, _transport, Plan, NullLogger<PipelineUnitRunner>.Instance,
            TimeProvider.System),
        Options.Create(new TrainingWorkerOptions
        {
            ReceiveWaitSeconds = 0.01,
            IdleExitSeconds = 0.05,
            ProgressSeconds = 0.02
        }),
        NullLogger<TrainingWorker>.Instance, TimeProvider.System);

    private static JobPlan Plan(TrainingJobSpec spec) => JobPlanner.Plan(spec, "cpu", threads: 0);
}
