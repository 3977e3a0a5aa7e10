using Azure.Data.Tables;
using Hydra.Azure.Jobs;
using Hydra.Core.Jobs;
using Hydra.Testing.Azurite;
using Microsoft.Extensions.Options;

namespace Hydra.Azure.Tests.Jobs;

/// <summary>What only the table store has: the entity layout and the bounded optimistic retries.</summary>
[Collection(AzuriteDefinition.Collection)]
public sealed class TableJobStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TableServiceClient _service;
    private readonly string _tableName = $"jobs{Guid.NewGuid():N}";

    public TableJobStoreTests(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        _service = new TableServiceClient(azurite.ConnectionString);
    }

    [Fact]
    public async Task TryCreateAsync_Job_WritesOneEntityWithQueryableColumnsAndTheJson()
    {
        var store = new TableJobStore(_service, new TableJobStoreOptions { TableName = _tableName });

        await store.TryCreateAsync(TrainingJobStatus.Queued("job-1", 2, 1,
            T0) with
        { State = TrainingJobState.Training }, None);

        var entity = (await _service.GetTableClient(_tableName).GetEntityAsync<TableEntity>("job", "job-1",
            cancellationToken: None)).Value;
        Assert.Equal("Training", entity.GetString("State"));
        Assert.Equal(T0, entity.GetDateTimeOffset("CreatedAt"));
        Assert.Contains("\"job_id\":\"job-1\"", entity.GetString("Status"), StringComparison.Ordinal);
        Assert.Contains("\"state\":\"training\"", entity.GetString("Status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAsync_LosesEveryRound_GivesUpAfterTheConfiguredAttemptsWithAConflictError()
    {
        var store = new TableJobStore(_service, new TableJobStoreOptions
        {
            TableName = _tableName,
            MaxUpdateAttempts = 3,
            RetryBaseDelay = TimeSpan.Zero,
            RetryMaxDelay = TimeSpan.Zero
        });
        var rival = new TableJobStore(_service, new TableJobStoreOptions { TableName = _tableName });
        await store.TryCreateAsync(TrainingJobStatus.Queued("job-2", 1, 1, T0), None);
        var calls = 0;

        // Each time the change runs, a rival writes first, so the ETag read with it is stale by the time it is written.
        var error = await Assert.ThrowsAsync<JobUpdateConflictException>(() => store.UpdateAsync("job-2", s =>
        {
            calls++;
            RivalWrites(rival, "job-2");
            return s with { Phase = "lost" };
        }, None));

        Assert.Equal(3, calls);
        Assert.Equal(3, error.Attempts);
        var stored = await store.GetAsync("job-2", None);
        Assert.Equal(3, stored!.PhaseFraction);
        Assert.Null(stored.Phase);
    }

    [Fact]
    public async Task UpdateAsync_LosesTwoRounds_AppliesTheChangeOnTheNewestVersion()
    {
        var store = new TableJobStore(_service, new TableJobStoreOptions
        {
            TableName = _tableName,
            MaxUpdateAttempts = 3,
            RetryBaseDelay = TimeSpan.Zero,
            RetryMaxDelay = TimeSpan.Zero
        });
        var rival = new TableJobStore(_service, new TableJobStoreOptions { TableName = _tableName });
        await store.TryCreateAsync(TrainingJobStatus.Queued("job-3", 1, 1, T0), None);
        var calls = 0;

        var result = await store.UpdateAsync("job-3", s =>
        {
            if (++calls <= 2)
            {
                RivalWrites(rival, "job-3");
            }

            return s with { Phase = "kd" };
        }, None);

        Assert.Equal(3, calls);
        Assert.Equal(2, result.PhaseFraction);
        Assert.Equal("kd", (await store.GetAsync("job-3", None))!.Phase);
    }

    [Fact]
    public async Task UpdateAsync_ChangeAltersTheJobId_IsRefused()
    {
        var store = new TableJobStore(_service, new TableJobStoreOptions { TableName = _tableName });
        await store.TryCreateAsync(TrainingJobStatus.Queued("job-4", 1, 1, T0), None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync("job-4", s
            => s with { JobId = "job-5" }, None));
    }

    [Fact]
    public async Task TryCreateAsync_StatusJsonOverThePropertyLimit_IsRefusedWithTheSizes()
    {
        var store = new TableJobStore(_service, new TableJobStoreOptions { TableName = _tableName });
        var huge = TrainingJobStatus.Queued("job-6", 1, 1, T0) with { Reason = new string('x', 40_000) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.TryCreateAsync(huge, None));

        Assert.Contains("32768", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1jobs")]
    [InlineData("hydra-jobs")]
    public void Constructor_BadTableName_NamesTheSetting(string name)
    {
        var error = Assert.Throws<OptionsValidationException>(
            () => new TableJobStore(_service, new TableJobStoreOptions { TableName = name }));

        Assert.StartsWith($"Hydra:Jobs:TableName (env Hydra__Jobs__TableName) is '{name}', but must be", error.Message);
    }

    /// <summary>
    /// Another writer bumps the record while a change function runs (which is synchronous, hence the wait; Task.Run
    /// keeps
    /// the rival off the test's synchronization context).
    /// </summary>
    private static void RivalWrites(TableJobStore rival, string jobId) =>
        Task.Run(() => rival.UpdateAsync(jobId, r => r with { PhaseFraction = r.PhaseFraction + 1 },
            None)).GetAwaiter().GetResult();
}
