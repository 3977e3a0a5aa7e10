using Hydra.Chaos.Plan;
using Hydra.Chaos.Run;
using Xunit.Abstractions;

namespace Hydra.Chaos.Tests;

/// <summary>
/// A short seeded chaos run: a few small jobs (an ordinary one, a duplicate, one the worker refuses, one refused at
/// dispatch), three real `hydra worker` processes on a persistent Azurite, and one of each fault — SIGKILL, SIGTERM, a
/// storage outage, replayed blob events, malformed messages on both queues. Every invariant must hold.
/// </summary>
public sealed class ChaosRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _folder = new("hydra-chaos-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ShortRun_OneOfEachFault_EveryInvariantHolds()
    {
        var options = new ChaosOptions
        {
            Seed = 16,
            Jobs = 4,
            Duplicates = 1,
            Impossible = 2,
            // Submissions and faults overlap, so the SIGKILL and SIGTERM find units in flight (each waits for a busy
            // worker) and the outage comes while members train; the replay waits for a finished card.
            SubmitWindow = TimeSpan.FromSeconds(60),
            FaultStart = TimeSpan.FromSeconds(20),
            FaultWindow = TimeSpan.FromSeconds(60),
            Drain = TimeSpan.FromMinutes(8),
            OutageMin = TimeSpan.FromSeconds(10),
            OutageMax = TimeSpan.FromSeconds(15),
            Faults = new Dictionary<FaultKind, int>
            {
                [FaultKind.Kill] = 1,
                [FaultKind.Term] = 1,
                [FaultKind.Outage] = 1,
                [FaultKind.Replay] = 1,
                [FaultKind.Malformed] = 1,
            },
            Output = _folder.Path,
            Echo = false,
        };

        var report = await new ChaosRun(options).RunAsync(CancellationToken.None);
        output.WriteLine(report.ToTable());
        output.WriteLine(File.ReadAllText(Path.Combine(_folder.Path, "fault-log.jsonl")));

        Assert.True(report.AllHold, report.ToTable());
        Assert.Equal(1, report.Counts["kills"]);
        Assert.Equal(1, report.Counts["terms"]);
        Assert.Equal(1, report.Counts["outages"]);
        Assert.Equal(2, report.Counts["malformed"]);
        Assert.InRange(report.Counts["replays"], 1, 3);
        Assert.Equal(0, report.Counts["lost_work"]);
        Assert.Equal(5, report.Counts["jobs_ready"]);
    }
}
