namespace Hydra.Chaos.Plan;

/// <summary>The faults the run injects.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL a worker (a busy one when there is one) and start a new one.</summary>
    Kill,

    /// <summary>SIGTERM a worker (it releases its unit), then start a new one.</summary>
    Term,

    /// <summary>Stop Azurite, wait 10–30 s, start it again on the same data folder.</summary>
    Outage,

    /// <summary>
    /// Raise the blob-created event again for finished checkpoints (Event Grid delivers at least once).
    /// </summary>
    Replay,

    /// <summary>Drop a malformed message on each of the two queues.</summary>
    Malformed,
}

/// <summary>One fault at a time after the run's start; <paramref name="Length"/> is an outage's length.</summary>
internal sealed record PlannedFault(TimeSpan At, FaultKind Kind, TimeSpan Length);

/// <summary>The seeded timetable of faults: each kind its count, at uniform random times inside the window.</summary>
internal static class FaultPlan
{
    public static IReadOnlyList<PlannedFault> Create(int seed, TimeSpan start, TimeSpan window,
        IReadOnlyDictionary<FaultKind, int> counts, TimeSpan outageMin, TimeSpan outageMax)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var random = new Random(unchecked(seed * 7919 + 17));
        var faults = new List<PlannedFault>();
        foreach (var (kind, count) in counts.OrderBy(c => c.Key))
        {
            for (var i = 0; i < count; i++)
            {
                var at = start + window * random.NextDouble();
                var length = kind == FaultKind.Outage
                    ? outageMin + (outageMax - outageMin) * random.NextDouble()
                    : TimeSpan.Zero;
                faults.Add(new PlannedFault(at, kind, length));
            }
        }

        return [.. faults.OrderBy(f => f.At)];
    }
}
