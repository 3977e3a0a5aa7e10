using System.Diagnostics;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Core.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Training.Jobs;

/// <summary>
/// The trainer container's loop (`hydra worker`): receives one unit of work at a time from the trainer transport, runs
/// it
/// through the <see cref="IWorkUnitRunner"/> under a <see cref="UnitHeartbeat"/>, and settles the message by what
/// happened: completed; dead-lettered (and the job failed) when the error's kind says no retry can help or the unit has
/// failed <see cref="TrainingWorkerOptions.MaxAttempts"/> times; abandoned for another try otherwise, or on shutdown.
/// </summary>
public sealed class TrainingWorker
{
    private readonly ITrainerTransport _transport;
    private readonly IJobStore _jobs;
    private readonly IWorkUnitRunner _runner;
    private readonly TrainingWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly UnitSettlement _settlement;
    private readonly RetryPolicy _receiveBackoff;

    public TrainingWorker(ITrainerTransport transport, IJobStore jobs, IWorkUnitRunner runner,
        IOptions<TrainingWorkerOptions> options, ILogger<TrainingWorker> logger, TimeProvider clock)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        new TrainingWorkerOptionsValidator().ThrowIfInvalid(_options);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _settlement = new UnitSettlement(jobs, _options.MaxAttempts, _logger, clock);
        _receiveBackoff = new RetryPolicy(ReceiveBackoff, _ => true, clock);
    }

    /// <summary>Waits between receives that failed: jittered, doubling from 1 s up to 30 s.</summary>
    internal static RetryOptions ReceiveBackoff { get; } = new()
    {
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Processes units until cancelled (SIGTERM), idle for <see cref="TrainingWorkerOptions.IdleExit"/>, or at the unit
    /// limit.
    /// </summary>
    /// <returns>The number of messages settled.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        WorkerLog.Started(_logger, _options.WorkerId);
        var units = 0;
        var idleSince = _clock.GetTimestamp();
        var reason = "shutdown";
        var receiveFailures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            ITrainerDelivery? delivery;
            try
            {
                delivery = await _transport.ReceiveAsync(_options.ReceiveWait, cancellationToken);
                receiveFailures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!ErrorKinds.IsPermanent(ErrorKinds.Of(e)))
            {
                // Storage or broker away for longer than the transport's own retries: wait and receive again. A
                // worker that exits here would leave its queue to fewer workers when the outage ends.
                var pause = _receiveBackoff.Delay(++receiveFailures);
                WorkerLog.ReceiveFailed(_logger, e, receiveFailures, pause.TotalSeconds);
                if (!await PauseAsync(pause, cancellationToken))
                {
                    break;
                }

                continue;
            }

            if (delivery is null)
            {
                if (_options.IdleExit > TimeSpan.Zero && _clock.GetElapsedTime(idleSince) >= _options.IdleExit)
                {
                    reason = "queue idle";
                    break;
                }

                continue;
            }

            var outcome = await ProcessSafelyAsync(delivery, cancellationToken);
            units++;
            idleSince = _clock.GetTimestamp();
            if (outcome == WorkOutcome.Abandoned && cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (units >= _options.MaxUnits)
            {
                reason = "unit limit";
                break;
            }
        }

        WorkerLog.Stopped(_logger, _options.WorkerId, units, reason);
        return units;
    }

    /// <summary>Waits; false when cancelled meanwhile.</summary>
    private async Task<bool> PauseAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, _clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// A settlement that fails (storage or broker away) must not end the worker: the message comes back when its lock
    /// or
    /// invisibility runs out, and the unit finds its work in storage.
    /// </summary>
    private async Task<WorkOutcome> ProcessSafelyAsync(ITrainerDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessAsync(delivery, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WorkerLog.SettleFailed(_logger, e, delivery.MessageId);
            return WorkOutcome.Abandoned;
        }
    }

    /// <summary>Runs the unit one message names and settles the message (complete, dead-letter or abandon).</summary>
    public async Task<WorkOutcome> ProcessAsync(ITrainerDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        TrainingWorkItem item;
        try
        {
            item = TrainingWorkItem.Parse(delivery.Body.Span);
        }
        catch (InvalidWorkItemException e)
        {
            return await _settlement.DeadLetterAsync(delivery, null, e.Message);
        }

        using var scope = WorkerLog.UnitScope(_logger, item.JobId, item.MessageId);
        WorkerLog.UnitStarted(_logger, item.MessageId, delivery.DeliveryCount);
        var started = Stopwatch.GetTimestamp();
        var outcome = await RunAndSettleAsync(delivery, item, cancellationToken);
        WorkerLog.UnitFinished(_logger, item.MessageId, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return outcome;
    }

    private async Task<WorkOutcome> RunAndSettleAsync(ITrainerDelivery delivery, TrainingWorkItem item,
        CancellationToken cancellationToken)
    {
        WorkOutcome outcome = WorkOutcome.Abandoned;
        Exception? failure = null;
        var interrupted = false;
        string attempt;
        await using (var heartbeat = UnitHeartbeat.Start(delivery, item, _options.WorkerId, _jobs,
            _options.ProgressInterval, _logger, _clock, cancellationToken))
        {
            attempt = heartbeat.Unit.Attempt;
            try
            {
                outcome = await _runner.RunAsync(heartbeat.Unit, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }
            catch (Exception e)
            {
                failure = e;
            }
        }

        // The heartbeat has stopped: nothing renews or publishes while the message is settled.
        if (interrupted)
        {
            return await _settlement.ReleaseAsync(delivery, item, attempt);
        }

        if (failure is not null)
        {
            return await _settlement.SettleFailureAsync(delivery, item, failure);
        }

        await delivery.CompleteAsync(CancellationToken.None);
        return outcome;
    }
}
