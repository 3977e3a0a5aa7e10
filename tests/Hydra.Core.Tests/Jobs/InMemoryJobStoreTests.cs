using Hydra.Core.Jobs;

namespace Hydra.Core.Tests.Jobs;

public class InMemoryJobStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UpdateAsync_ConcurrentChanges_NoneIsLost()
    {
        var store = new InMemoryJobStore();
        await store.TryCreateAsync(TrainingJobStatus.Queued("job-1", 16, 1, Now), CancellationToken.None);

        await Parallel.ForEachAsync(Enumerable.Range(0, 16), async (i, ct) =>
            await store.UpdateAsync("job-1", s => s.StartMember(i, "w").FinishMember(i, "w"), ct));

        var status = await store.GetAsync("job-1", CancellationToken.None);
        Assert.True(status!.AllMembersDone);
    }

    [Fact]
    public async Task UpdateAsync_ClaimFromManyTasks_ExactlyOneWins()
    {
        var store = new InMemoryJobStore();
        await store.TryCreateAsync(TrainingJobStatus.Queued("job-2", 1, 1, Now), CancellationToken.None);

        var winners = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 32), async (i, ct) =>
        {
            var id = $"claimer-{i}";
            var after = await store.UpdateAsync("job-2", s => s.DistillationClaimedBy is null ? s with
            { DistillationClaimedBy = id } : null, ct);
            if (after.DistillationClaimedBy == id)
            {
                Interlocked.Increment(ref winners);
            }
        });

        Assert.Equal(1, winners);
    }

    [Fact]
    public async Task TryCreateAsync_Twice_SecondIsRefusedAndKeepsTheFirst()
    {
        var store = new InMemoryJobStore();

        Assert.True(await store.TryCreateAsync(TrainingJobStatus.Queued("job-3", 2, 1, Now), CancellationToken.None));
        Assert.False(await store.TryCreateAsync(TrainingJobStatus.Queued("job-3", 5, 1, Now), CancellationToken.None));

        Assert.Equal(2, (await store.GetAsync("job-3", CancellationToken.None))!.Members.Count);
        await Assert.ThrowsAsync<JobNotFoundException>(() => store.UpdateAsync("missing", s => s,
            CancellationToken.None));
    }
}
