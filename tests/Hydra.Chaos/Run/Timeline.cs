using Hydra.Chaos.Check;
using Hydra.Chaos.Plan;
using Hydra.Functions.Jobs;
using Hydra.Testing.Azurite;

namespace Hydra.Chaos.Run;

/// <summary>
/// Plays the seeded timetable: submissions spread over the submit window (a duplicate's second copy up to 15 s after
/// the first, sometimes at once), faults at their planned times. Outages, submissions and dropped messages run in the
/// background, so a worker can be killed while storage is away.
/// </summary>
internal sealed class Timeline(ChaosOptions options, AzuriteServer azurite, WorkerFleet fleet, ChaosClient client,
    ConversionTrigger conversions, StorageObserver observer, FaultLog log)
{
    private readonly Random _random = new(unchecked(options.Seed * 31 + 7));
    private readonly List<MalformedMessage> _malformed = [];
    private readonly List<Task> _background = [];
    private readonly SemaphoreSlim _outages = new(1, 1);
    private readonly Lock _gate = new();
    private FaultCounts _counts = new();

    public IReadOnlyList<MalformedMessage> Malformed => [.. _malformed];

    public FaultCounts Counts
    {
        get
        {
            lock (_gate)
            {
                return _counts;
            }
        }
    }

    public async Task RunAsync(IReadOnlyList<PlannedJob> planned, CancellationToken cancellationToken)
    {
        var steps = new List<(TimeSpan At, Func<Task> Act)>();
        foreach (var job in planned)
        {
            var (from, to) = job.Expect == Expectation.Ready ? (0.0, 0.8) : (0.2, 1.0);
            var at = options.SubmitWindow * (from + (to - from) * _random.NextDouble());
            for (var copy = 1; copy <= job.Copies; copy++)
            {
                var (thisCopy, when) = (copy, at + TimeSpan.FromSeconds(copy == 1 ? 0 : 15 * _random.NextDouble()));
                steps.Add((when, () => Background(SubmitAsync(job, thisCopy, cancellationToken))));
            }
        }

        foreach (var fault in FaultPlan.Create(options.Seed, options.FaultStart, options.FaultWindow, options.Faults,
            options.OutageMin, options.OutageMax))
        {
            steps.Add((fault.At, () => InjectAsync(fault, cancellationToken)));
        }

        foreach (var (at, act) in steps.OrderBy(s => s.At))
        {
            if (at > log.Elapsed)
            {
                await Task.Delay(at - log.Elapsed, cancellationToken);
            }

            fleet.ReplaceExited();
            await act();
        }

        // The run lasts its whole window, even when the last fault comes early.
        var end = options.FaultStart + options.FaultWindow;
        while (log.Elapsed < end)
        {
            fleet.ReplaceExited();
            await Task.Delay(Min(end - log.Elapsed, TimeSpan.FromSeconds(5)), cancellationToken);
        }

        await Task.WhenAll(_background);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task SubmitAsync(PlannedJob job, int copy, CancellationToken cancellationToken)
    {
        if (job.Expect == Expectation.Conflict)
        {
            // Only a collision once the job it collides with exists; before, it would simply be that job.
            await client.WaitForJobAsync(job.JobId, cancellationToken);
        }

        await client.SubmitAsync(job, copy, cancellationToken);
    }

    private async Task InjectAsync(PlannedFault fault, CancellationToken cancellationToken)
    {
        switch (fault.Kind)
        {
            case FaultKind.Kill when await VictimAsync(cancellationToken) is { } victim:
                fleet.Kill(victim);
                Count(c => c with { Kills = c.Kills + 1 });
                break;
            case FaultKind.Term when await VictimAsync(cancellationToken) is { } victim:
                await fleet.TerminateAsync(victim);
                Count(c => c with { Terms = c.Terms + 1 });
                break;
            case FaultKind.Outage:
                await Background(OutageAsync(fault.Length, cancellationToken));
                break;
            case FaultKind.Replay:
                await ReplayAsync(cancellationToken);
                break;
            case FaultKind.Malformed:
                foreach (var queue in new[] { TrainingRequests.QueueName, FinalState.TrainerQueue })
                {
                    var message = JobMix.Malformed(queue, options.Seed, _malformed.Count);
                    _malformed.Add(message);
                    log.Write("malformed", $"on {queue}: {message.Body}");
                    Count(c => c with { MalformedMessages = c.MalformedMessages + 1 });
                    await Background(client.SendRawAsync(queue, message.Text, "malformed", cancellationToken));
                }

                break;
            default:
                log.Write("skipped", $"{fault.Kind}: no worker to hit");
                break;
        }
    }

    /// <summary>A busy worker, waiting up to 30 s for one (a unit hit mid-way is the point), else any.</summary>
    private async Task<ChaosWorker?> VictimAsync(CancellationToken cancellationToken)
    {
        for (var waited = 0; waited < 30 && fleet.Busy == 0; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return fleet.Pick(_random);
    }

    /// <summary>Raises blob-created again for up to three served cards, waiting up to 90 s for the first.</summary>
    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var cards = observer.ServedCards();
        for (var waited = 0; waited < 90 && cards.Count == 0; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            cards = observer.ServedCards();
        }

        if (cards.Count == 0)
        {
            log.Write("replay", "no finished checkpoint yet: nothing to replay");
            return;
        }

        foreach (var card in cards.OrderBy(_ => _random.Next()).Take(3))
        {
            log.Write("replay", $"blob-created again for {card}");
            conversions.Raise(card, replay: true);
            Count(c => c with { Replays = c.Replays + 1 });
        }
    }

    private async Task OutageAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        await _outages.WaitAsync(cancellationToken);
        try
        {
            var started = log.Elapsed;
            log.Write("outage", $"stopping Azurite for {length.TotalSeconds:F0} s");
            var graceful = await azurite.StopAsync(TimeSpan.FromSeconds(15));
            if (!graceful)
            {
                log.Write("outage", "Azurite did not stop within 15 s of SIGTERM: killed");
            }

            await Task.Delay(length, cancellationToken);
            await azurite.StartAgainAsync();
            var seconds = (log.Elapsed - started).TotalSeconds;
            log.Write("outage-end", $"Azurite up again on the same data after {seconds:F0} s");
            Count(c => c with { Outages = c.Outages + 1, OutageSeconds = c.OutageSeconds + seconds });
        }
        finally
        {
            _outages.Release();
        }
    }

    /// <summary>Starts <paramref name="task"/> without waiting for it; the timeline waits for all at its end.</summary>
    private Task Background(Task task)
    {
        lock (_gate)
        {
            _background.Add(task);
        }

        return Task.CompletedTask;
    }

    private void Count(Func<FaultCounts, FaultCounts> change)
    {
        lock (_gate)
        {
            _counts = change(_counts);
        }
    }
}
