using Hydra.Chaos.Plan;

namespace Hydra.Chaos;

/// <summary>
/// What a chaos run does: how many jobs of each sort, how many workers, which faults and how many in which window, and
/// how long it may wait for every job to end. Everything random is drawn from <see cref="Seed"/> (the schedule and the
/// job mix; the workers' timing is the machine's).
/// </summary>
internal sealed record ChaosOptions
{
    public int Seed { get; init; } = 1;

    public int Jobs { get; init; } = 12;

    public int Duplicates { get; init; } = 3;

    public int Impossible { get; init; } = 4;

    public int Workers { get; init; } = 3;

    /// <summary>Submissions are spread over this long from the start.</summary>
    public TimeSpan SubmitWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Faults happen at random times inside [FaultStart, FaultStart + FaultWindow).</summary>
    public TimeSpan FaultStart { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan FaultWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After the fault window, how long the run waits for every job to end before it calls them stuck.
    /// </summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromMinutes(10);

    public IReadOnlyDictionary<FaultKind, int> Faults { get; init; } = new Dictionary<FaultKind, int>
    {
        [FaultKind.Kill] = 2,
        [FaultKind.Term] = 1,
        [FaultKind.Outage] = 1,
        [FaultKind.Replay] = 2,
        [FaultKind.Malformed] = 2,
    };

    public TimeSpan OutageMin { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan OutageMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The trainer queue's visibility timeout: how soon a dead worker's unit comes back.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Where the report, the fault log, the workers' logs and (by default) Azurite's data go.</summary>
    public string Output { get; init; } = Path.Combine("runs", "chaos");

    public string? DataFolder { get; init; }

    /// <summary>Print the fault log as it happens.</summary>
    public bool Echo { get; init; } = true;

    /// <summary>Fault counts scaled to a window: one of each every <paramref name="every"/>, at least one.</summary>
    public static Dictionary<FaultKind, int> Scaled(TimeSpan window, TimeSpan every)
    {
        var n = Math.Max(1, (int)(window / every));
        return new Dictionary<FaultKind, int>
        {
            [FaultKind.Kill] = 2 * n,
            [FaultKind.Term] = n,
            [FaultKind.Outage] = n,
            [FaultKind.Replay] = 2 * n,
            [FaultKind.Malformed] = n,
        };
    }
}
