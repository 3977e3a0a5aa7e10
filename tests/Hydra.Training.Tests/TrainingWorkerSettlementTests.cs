using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Training.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hydra.Training.Tests;

/// <summary>
/// How the worker settles a unit by the kind of error its runner throws (a runner stub; no training).
/// </summary>
public sealed class TrainingWorkerSettlementTests
{
    private const string JobId = "job-settle";
    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryTrainerTransport _transport = new();

    [Fact]
    public async Task RunAsync_UnexpectedExceptionEveryTime_IsRetriedThenDeadLetteredOnTheLastAttempt()
    {
        await QueueJobAsync();
        var runner = new ThrowingRunner(() => new InvalidOperationException("disk on fire"));

        var units = await Worker(runner, maxAttempts: 3).RunAsync(CancellationToken.None);

        Assert.Equal(3, units);
        Assert.Equal(3, runner.Calls);
        var (id, reason) = Assert.Single(_transport.DeadLettered);
        Assert.Equal($"{JobId}.member.0", id);
        Assert.Equal("failed 3 times; last error: disk on fire", reason);
        var status = (await _jobs.GetAsync(JobId, CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Failed, status.State);
        Assert.Equal(reason, status.Reason);
    }

    [Fact]
    public async Task ProcessAsync_UnexpectedExceptionBeforeTheLastAttempt_AbandonsAndNotesTheRetry()
    {
        await QueueJobAsync();
        var worker = Worker(new ThrowingRunner(() => new ArgumentException("a plain bug")), maxAttempts: 3);

        var outcome = await worker.ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero,
            CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(WorkOutcome.Abandoned, outcome);
        Assert.Empty(_transport.DeadLettered);
        Assert.Equal(1, _transport.Pending);
        var status = (await _jobs.GetAsync(JobId, CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Queued, status.State);
        Assert.Equal($"{JobId}.member.0 failed, will retry: a plain bug", status.Reason);
    }

    [Theory]
    [InlineData(ErrorKind.InvalidInput, WorkOutcome.DeadLettered)]
    [InlineData(ErrorKind.NotFound, WorkOutcome.DeadLettered)]
    [InlineData(ErrorKind.Conflict, WorkOutcome.DeadLettered)]
    [InlineData(ErrorKind.TooLarge, WorkOutcome.DeadLettered)]
    [InlineData(ErrorKind.Permanent, WorkOutcome.DeadLettered)]
    [InlineData(ErrorKind.Unavailable, WorkOutcome.Abandoned)]
    [InlineData(ErrorKind.Transient, WorkOutcome.Abandoned)]
    public async Task ProcessAsync_FirstAttemptFails_SettlesByTheErrorsKind(ErrorKind kind, WorkOutcome expected)
    {
        await QueueJobAsync();
        var worker = Worker(new ThrowingRunner(() => new KindedException(kind)), maxAttempts: 5);

        var outcome = await worker.ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero,
            CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(expected, outcome);
        var status = (await _jobs.GetAsync(JobId, CancellationToken.None))!;
        Assert.Equal(expected == WorkOutcome.DeadLettered ? TrainingJobState.Failed : TrainingJobState.Queued,
            status.State);
    }

    [Fact]
    public async Task ProcessAsync_RunnerSucceeds_CompletesTheMessage()
    {
        await QueueJobAsync();

        var outcome = await Worker(new ThrowingRunner(null), maxAttempts: 5)
            .ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero, CancellationToken.None))!,
            CancellationToken.None);

        Assert.Equal(WorkOutcome.Completed, outcome);
        Assert.Equal([$"{JobId}.member.0"], _transport.Completed);
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesTheSetting()
    {
        var options = Options.Create(new TrainingWorkerOptions { IdleExitSeconds = -1 });

        var error = Assert.Throws<OptionsValidationException>(() => new TrainingWorker(_transport, _jobs,
            new ThrowingRunner(null),
            options, NullLogger<TrainingWorker>.Instance, TimeProvider.System));

        Assert.Equal("Hydra:Worker:IdleExitSeconds (env Hydra__Worker__IdleExitSeconds) is -1, but must be 0 (never "
            + "exit when idle) "
            + "or a number of seconds above 0.", Assert.Single(error.Failures));
    }

    private async Task QueueJobAsync()
    {
        await _jobs.TryCreateAsync(TrainingJobStatus.Queued(JobId, 1, 1, DateTimeOffset.UnixEpoch),
            CancellationToken.None);
        await _transport.SendAsync(TrainingWorkItem.Member(JobId, 0), CancellationToken.None);
    }

    private TrainingWorker Worker(IWorkUnitRunner runner, int maxAttempts) => new(_transport, _jobs, runner,
        Options.Create(new TrainingWorkerOptions
        {
            ReceiveWaitSeconds = 0.01,
            IdleExitSeconds = 0.05,
            MaxAttempts = maxAttempts
        }),
        NullLogger<TrainingWorker>.Instance, TimeProvider.System);

    private sealed class ThrowingRunner(Func<Exception>? failure) : IWorkUnitRunner
    {
        private int _calls;

        public int Calls => _calls;

        public Task<WorkOutcome> RunAsync(WorkUnit unit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return failure is null ? Task.FromResult(WorkOutcome.Completed) : Task.FromException<WorkOutcome>(
                failure());
        }
    }

    private sealed class KindedException(ErrorKind kind) : HydraException("test-error", kind, $"a {kind} error");
}
