using System.Text.Json;
using Hydra.Core;
using Hydra.Core.Jobs;

namespace Hydra.Azure.Tests.Jobs;

/// <summary>
/// What every <see cref="IJobStore"/> must do, run against the in-memory store and the table store alike.
/// </summary>
public abstract class JobStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IJobStore Store { get; }

    [Fact]
    public async Task TryCreateAsync_SameIdTwice_SecondReturnsFalseAndKeepsTheFirst()
    {
        var first = TrainingJobStatus.Queued("job-a", members: 3, expectedModels: 1, T0);
        var second = TrainingJobStatus.Queued("job-a", members: 5, expectedModels: 2, T0.AddHours(1));

        var created = await Store.TryCreateAsync(first, None);
        var again = await Store.TryCreateAsync(second, None);

        Assert.True(created);
        Assert.False(again);
        AssertSame(first, await Store.GetAsync("job-a", None));
    }

    [Fact]
    public async Task GetAsync_UnknownJob_ReturnsNull()
    {
        var status = await Store.GetAsync("job-unknown", None);

        Assert.Null(status);
    }

    [Fact]
    public async Task GetAsync_AfterCreate_ReturnsEveryField()
    {
        var status = TrainingJobStatus.Queued("job-b", members: 2, expectedModels: 2, T0) with
        {
            State = TrainingJobState.Distilling,
            Phase = "hydra phase 2",
            PhaseFraction = 0.25,
            DispatchedAt = T0.AddSeconds(1.5),
            DistillationClaimedBy = "job-b.member.1",
            Models = ["job-b"],
            Reason = "é ✓ \"quoted\"",
        };

        await Store.TryCreateAsync(status, None);
        var read = await Store.GetAsync("job-b", None);

        AssertSame(status, read);
    }

    [Fact]
    public async Task UpdateAsync_UnknownJob_ThrowsJobNotFound()
    {
        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => Store.UpdateAsync("job-missing", s => s,
            None));

        Assert.Equal("job-missing", error.JobId);
    }

    [Fact]
    public async Task UpdateAsync_ChangeReturnsNull_WritesNothingAndReturnsTheCurrentRecord()
    {
        var status = TrainingJobStatus.Queued("job-c", members: 1, expectedModels: 1, T0);
        await Store.TryCreateAsync(status, None);

        var returned = await Store.UpdateAsync("job-c", _ => null, None);

        AssertSame(status, returned);
        AssertSame(status, await Store.GetAsync("job-c", None));
    }

    [Fact]
    public async Task UpdateAsync_Change_IsStoredAndReturned()
    {
        await Store.TryCreateAsync(TrainingJobStatus.Queued("job-d", members: 2, expectedModels: 1, T0), None);

        var returned = await Store.UpdateAsync("job-d", s => s.StartMember(1, "worker-7").ReportMemberProgress(1, 0.5,
            "worker-7") with
        {
            UpdatedAt = T0.AddMinutes(1),
        }, None);

        var stored = await Store.GetAsync("job-d", None);
        Assert.Equal(TrainingJobState.Training, stored!.State);
        Assert.Equal(new MemberProgress(1, MemberState.Training, 0.5, "worker-7"), stored.Members[1]);
        Assert.Equal(new MemberProgress(0, MemberState.Pending), stored.Members[0]);
        AssertSame(returned, stored);
    }

    [Fact]
    public async Task UpdateAsync_ConcurrentWritersEachFinishingOneMember_LoseNoUpdate()
    {
        const int members = 12;
        await Store.TryCreateAsync(TrainingJobStatus.Queued("job-e", members, expectedModels: 1, T0), None);

        // Each writer reads, changes its own member and writes back: without compare-and-set most changes would be
        // lost.
        await Task.WhenAll(Enumerable.Range(0, members).Select(i => Task.Run(() =>
            Store.UpdateAsync("job-e", s => s.StartMember(i, $"worker-{i}").FinishMember(i, $"worker-{i}"), None))));

        var stored = await Store.GetAsync("job-e", None);
        Assert.True(stored!.AllMembersDone);
        Assert.Equal(Enumerable.Range(0, members).Select(i => $"worker-{i}"), stored.Members.Select(m => m.Worker));
    }

    [Fact]
    public async Task ListAsync_Limit_ReturnsTheNewestFirst()
    {
        foreach (var minutes in new[] { 3, 0, 4, 1, 2 })
        {
            await Store.TryCreateAsync(TrainingJobStatus.Queued($"job-{minutes}", 1, 1, T0.AddMinutes(minutes)), None);
        }

        var newest = await Store.ListAsync(3, None);

        Assert.Equal(["job-4", "job-3", "job-2"], newest.Select(j => j.JobId));
    }

    [Fact]
    public async Task ListAsync_SameCreationTime_OrdersByJobId()
    {
        foreach (var id in new[] { "job-z", "job-a", "job-m" })
        {
            await Store.TryCreateAsync(TrainingJobStatus.Queued(id, 1, 1, T0), None);
        }

        var listed = await Store.ListAsync(10, None);

        Assert.Equal(["job-a", "job-m", "job-z"], listed.Select(j => j.JobId));
    }

    [Fact]
    public async Task ListAsync_NoJobs_ReturnsEmpty()
    {
        var listed = await Store.ListAsync(5, None);

        Assert.Empty(listed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ListAsync_LimitNotPositive_Throws(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(limit, None));
    }

    /// <summary>Records hold lists, which compare by reference: compare the JSON both serialize to.</summary>
    protected static void AssertSame(TrainingJobStatus expected, TrainingJobStatus? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected, HydraJson.Options), JsonSerializer.Serialize(actual,
            HydraJson.Options));
    }
}
