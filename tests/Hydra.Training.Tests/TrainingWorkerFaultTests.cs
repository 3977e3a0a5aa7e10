using Hydra.Core.Jobs;
using Hydra.Training.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hydra.Training.Tests;

/// <summary>
/// The worker under the faults a chaos run injects: a newer delivery of its unit, storage away while it receives.
/// </summary>
public sealed class TrainingWorkerFaultTests
{
    private const string JobId = "job-faults";
    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryTrainerTransport _transport = new();

    [Fact]
    public async Task ProcessAsync_UnitSupersededByANewerDelivery_DropsTheMessageAndLeavesTheJobAlone()
    {
        await _jobs.TryCreateAsync(TrainingJobStatus.Queued(JobId, 1, 1, DateTimeOffset.UnixEpoch),
            CancellationToken.None);
        await _transport.SendAsync(TrainingWorkItem.Member(JobId, 0), CancellationToken.None);
        var runner = new Runner(_ => throw new UnitSupersededException("another delivery holds it"));

        var outcome = await Worker(runner).ProcessAsync((await _transport.ReceiveAsync(TimeSpan.Zero,
            CancellationToken.None))!, CancellationToken.None);

        Assert.Equal(WorkOutcome.Skipped, outcome);
        Assert.Equal([$"{JobId}.member.0"], _transport.Completed);
        Assert.Empty(_transport.DeadLettered);
        var status = (await _jobs.GetAsync(JobId, CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Queued, status.State);
        Assert.Null(status.Reason);
    }

    [Fact]
    public async Task RunAsync_ReceiveFailsTwice_KeepsReceivingAndRunsTheUnit()
    {
        await _transport.SendAsync(TrainingWorkItem.Member(JobId, 0), CancellationToken.None);
        var flaky = new FlakyTransport(_transport, failures: 2);
        var runner = new Runner(_ => Task.FromResult(WorkOutcome.Completed));

        var units = await Worker(runner, flaky, maxUnits: 1).RunAsync(CancellationToken.None);

        Assert.Equal(1, units);
        Assert.Equal(3, flaky.Receives);
        Assert.Equal([$"{JobId}.member.0"], _transport.Completed);
    }

    [Fact]
    public async Task RunAsync_ReceiveFailsWithASettingError_Stops()
    {
        var broken = new FlakyTransport(_transport, failures: int.MaxValue,
            failure: () => new InvalidWorkItemException("not a setting a retry can fix"));

        await Assert.ThrowsAsync<InvalidWorkItemException>(() => Worker(new Runner(_ => Task.FromResult(
            WorkOutcome.Completed)), broken, maxUnits: 1).RunAsync(CancellationToken.None));

        Assert.Equal(1, broken.Receives);
    }

    private TrainingWorker Worker(IWorkUnitRunner runner, ITrainerTransport? transport = null, int? maxUnits = null) =>
        new(transport ?? _transport, _jobs, runner, Options.Create(new TrainingWorkerOptions
        {
            ReceiveWaitSeconds = 0.01,
            IdleExitSeconds = 30,
            MaxUnits = maxUnits,
        }), NullLogger<TrainingWorker>.Instance, TimeProvider.System);

    private sealed class Runner(Func<WorkUnit, Task<WorkOutcome>> run) : IWorkUnitRunner
    {
        public Task<WorkOutcome> RunAsync(WorkUnit unit, CancellationToken cancellationToken) => run(unit);
    }

    /// <summary>Fails the first receives (storage away), then passes through.</summary>
    private sealed class FlakyTransport(ITrainerTransport inner, int failures, Func<Exception>? failure = null)
        : ITrainerTransport
    {
        private int _receives;

        public int Receives => _receives;

        public Task SendAsync(TrainingWorkItem item, CancellationToken cancellationToken) =>
            inner.SendAsync(item, cancellationToken);

        public Task<ITrainerDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
            ++_receives <= failures
                ? throw (failure?.Invoke() ?? new IOException("Connection refused"))
                : inner.ReceiveAsync(maxWait, cancellationToken);
    }
}
