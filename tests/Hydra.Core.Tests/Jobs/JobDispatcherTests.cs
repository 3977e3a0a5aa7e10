using System.Text;
using System.Text.Json;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;

namespace Hydra.Core.Tests.Jobs;

public sealed class JobDispatcherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hydra-dispatch-").FullName;
    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryTrainerTransport _transport = new();
    private readonly JobDispatcher _dispatcher;

    public JobDispatcherTests()
    {
        _dispatcher = new JobDispatcher(_jobs, new FolderArtifactStore(_root), _transport, TimeProvider.System);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task DispatchAsync_SameMessageTwice_OneJobAndOneUnitPerMember()
    {
        var message = Json(new TrainingJobRequest { JobId = "job-a", Dataset = "spirals", Members = 3 });

        var first = await _dispatcher.DispatchAsync(message, CancellationToken.None);
        var second = await _dispatcher.DispatchAsync(message, CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(["job-a.member.0", "job-a.member.1", "job-a.member.2"], _transport.Sent.Select(s => s.MessageId));
        var stored = await _jobs.ListAsync(10, CancellationToken.None);
        Assert.Single(stored);
        Assert.NotNull(stored[0].DispatchedAt);
        Assert.Equal(2, stored[0].ExpectedModels);
    }

    [Fact]
    public async Task AcceptAsync_StoresTheSpecAndAQueuedStatus()
    {
        var acceptance = await _dispatcher.AcceptAsync(new TrainingJobRequest
        {
            Dataset = "spirals",
            Members = 2,
            HydraPlus = false
        }, CancellationToken.None);

        var spec = JsonSerializer.Deserialize<TrainingJobSpec>(File.ReadAllBytes(Path.Combine(_root, "jobs",
            acceptance.Spec.JobId, "spec.json")), HydraJson.Options)!;
        Assert.Equal(acceptance.Spec.Request, spec.Request);
        Assert.Equal(TrainingJobState.Queued, acceptance.Status.State);
        Assert.Equal([MemberState.Pending, MemberState.Pending], acceptance.Status.Members.Select(m => m.State));
        Assert.Equal(1, acceptance.Status.ExpectedModels);
        Assert.Empty(_transport.Sent);
    }

    [Fact]
    public async Task AcceptAsync_SameIdDifferentRequest_Conflicts()
    {
        await _dispatcher.AcceptAsync(new TrainingJobRequest { JobId = "job-b", Dataset = "spirals", Members = 3 },
            CancellationToken.None);

        await Assert.ThrowsAsync<JobConflictException>(() =>
            _dispatcher.AcceptAsync(new TrainingJobRequest { JobId = "job-b", Dataset = "spirals", Members = 4 },
                CancellationToken.None));
    }

    [Fact]
    public async Task DispatchAsync_MembersAlreadyDone_AreNotSentAgain()
    {
        var request = new TrainingJobRequest { JobId = "job-c", Dataset = "spirals", Members = 3 };
        await _dispatcher.AcceptAsync(request, CancellationToken.None);
        await _jobs.UpdateAsync("job-c", s => s.StartMember(1, "w").FinishMember(1, "w"), CancellationToken.None);

        await _dispatcher.DispatchAsync(Json(request), CancellationToken.None);

        Assert.Equal([0, 2], _transport.Sent.Select(s => s.MemberIndex!.Value));
    }

    [Fact]
    public async Task RecordRejectedAsync_KnownId_RecordsAFailedJobWithTheReason()
    {
        var body = Encoding.UTF8.GetBytes("""{"job_id":"job-d","dataset":"nope"}""");
        var e = await Assert.ThrowsAsync<JobValidationException>(() => _dispatcher.DispatchAsync(body,
            CancellationToken.None));

        await _dispatcher.RecordRejectedAsync(JobDispatcher.TryReadJobId(body), e.Message, CancellationToken.None);

        var status = await _jobs.GetAsync("job-d", CancellationToken.None);
        Assert.Equal(TrainingJobState.Failed, status!.State);
        Assert.Contains("Unknown dataset 'nope'", status.Reason, StringComparison.Ordinal);
        Assert.Empty(_transport.Sent);
    }

    [Theory]
    [InlineData("garbage", null)]
    [InlineData("[1,2]", null)]
    [InlineData("{\"job_id\":7}", null)]
    [InlineData("{\"job_id\":\"j-1\"}", "j-1")]
    public void TryReadJobId_ReadsOnlyAStringId(string body, string? expected) =>
        Assert.Equal(expected, JobDispatcher.TryReadJobId(Encoding.UTF8.GetBytes(body)));

    private static byte[] Json(TrainingJobRequest request) => JsonSerializer.SerializeToUtf8Bytes(request,
        HydraJson.Options);
}
