using System.Globalization;
using Hydra.Core.Jobs;
using Hydra.Training.Pipeline;
using Microsoft.Extensions.Logging;

namespace Hydra.Training.Jobs;

/// <summary>
/// While a unit runs: renews the message lock every <see cref="ITrainerDelivery.RenewInterval"/> and publishes the
/// newest
/// progress to the job record and the log. Training reports progress synchronously into the unit's sink; storage
/// round trips happen here, so they never slow training down. Dispose (await) to stop it before settling the message.
/// </summary>
internal sealed class UnitHeartbeat : IAsyncDisposable
{
    private readonly ITrainerDelivery _delivery;
    private readonly WorkUnit _unit;
    private readonly LatestProgress _progress;
    private readonly IJobStore _jobs;
    private readonly TimeSpan _publishInterval;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop;
    private readonly Task _beating;
    private int _disposed;

    private UnitHeartbeat(ITrainerDelivery delivery, WorkUnit unit, LatestProgress progress, IJobStore jobs,
        TimeSpan publishInterval, ILogger logger, TimeProvider clock, CancellationToken cancellationToken)
    {
        _delivery = delivery;
        _unit = unit;
        _progress = progress;
        _jobs = jobs;
        _publishInterval = publishInterval;
        _logger = logger;
        _clock = clock;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _beating = BeatAsync(_stop.Token);
    }

    /// <summary>Starts beating for <paramref name="item"/>; its progress sink is the returned unit's.</summary>
    public static UnitHeartbeat Start(ITrainerDelivery delivery, TrainingWorkItem item, string workerId, IJobStore jobs,
        TimeSpan publishInterval, ILogger logger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var progress = new LatestProgress();
        var unit = new WorkUnit(item, delivery.MessageId, workerId, progress);
        return new UnitHeartbeat(delivery, unit, progress, jobs, publishInterval, logger, clock, cancellationToken);
    }

    public WorkUnit Unit => _unit;

    /// <summary>Stops the beat and waits for it; once only.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromTicks(Math.Min(_delivery.RenewInterval.Ticks, _publishInterval.Ticks));
        var lastRenew = _clock.GetTimestamp();
        TrainingProgress? published = null;
        try
        {
            while (true)
            {
                await Task.Delay(tick, _clock, cancellationToken);
                if (_clock.GetElapsedTime(lastRenew) >= _delivery.RenewInterval)
                {
                    await RenewAsync(cancellationToken);
                    lastRenew = _clock.GetTimestamp();
                }

                if (_progress.Current is { } current && current != published)
                {
                    published = current;
                    await PublishAsync(current, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The unit ended; the worker settles the message.
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _delivery.RenewAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost lock means another worker may also run this unit; that is safe (idempotent), only wasteful.
            WorkerLog.RenewFailed(_logger, e);
        }
    }

    private async Task PublishAsync(TrainingProgress p, CancellationToken cancellationToken)
    {
        var remaining = p.Remaining is { } r ? r.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?";
        WorkerLog.Progress(_logger, p.Phase, p.Epoch, p.Epochs, 100 * p.Fraction, p.SamplesPerSecond, remaining);
        var item = _unit.Item;
        var fraction = Math.Round(p.Fraction, 3);
        try
        {
            await _jobs.TransitionAsync(item.JobId, s => item.Kind == WorkItemKind.Member
                ? s.ReportMemberProgress(item.MemberIndex!.Value, fraction, _unit.WorkerId, _unit.Attempt)
                : s.ReportPhase(p.Phase, fraction, _unit.Attempt), _clock, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Progress is a courtesy: a storage hiccup must not fail the unit.
            WorkerLog.ProgressFailed(_logger, e);
        }
    }
}
