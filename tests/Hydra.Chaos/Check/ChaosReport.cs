using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hydra.Chaos.Plan;

namespace Hydra.Chaos.Check;

/// <summary>The invariant table and the counts, as text (printed, invariants.md) and JSON (invariants.json).</summary>
internal sealed record ChaosReport(int Seed, double Minutes, IReadOnlyList<InvariantResult> Invariants,
    IReadOnlyDictionary<string, int> Counts)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public bool AllHold => Invariants.All(i => i.Holds);

    public static ChaosReport From(int seed, double minutes, ChaosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var faults = state.Faults;
        var counts = new Dictionary<string, int>
        {
            ["jobs"] = state.Jobs.Count,
            ["jobs_ready"] = state.Jobs.Count(j => j.State == InvariantChecker.Ready),
            ["jobs_failed"] = state.Jobs.Count(j => j.State == InvariantChecker.Failed),
            ["submissions"] = state.Submissions.Count,
            ["duplicates"] = state.Planned.Count(p => p.Copies > 1),
            ["impossible"] = state.Planned.Count(p => p.Expect is not Expectation.Ready),
            ["units"] = InvariantChecker.UnitsDone(state),
            ["kills"] = faults.Kills,
            ["terms"] = faults.Terms,
            ["outages"] = faults.Outages,
            ["outage_seconds"] = (int)Math.Round(faults.OutageSeconds),
            ["replays"] = faults.Replays,
            ["malformed"] = faults.MalformedMessages,
            ["poison_messages"] = state.Poison.Count,
            ["workers_started"] = faults.WorkersStarted,
            ["conversions"] = faults.Conversions,
            ["superseded"] = faults.Superseded,
            ["storage_retries"] = faults.StorageRetries,
            ["lost_work"] = InvariantChecker.LostWork(state),
        };
        return new ChaosReport(seed, minutes, InvariantChecker.Check(state), counts);
    }

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Chaos run, seed {Seed}, {Minutes:F1} min");
        text.AppendLine();
        text.AppendLine("| invariant | holds | statement | violations |");
        text.AppendLine("|---|---|---|---|");
        foreach (var invariant in Invariants)
        {
            var violations = invariant.Holds ? "—" : string.Join("; ", invariant.Violations.Take(6))
                + (invariant.Violations.Count > 6 ? $"; … ({invariant.Violations.Count} in all)" : "");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {invariant.Name} | {(invariant.Holds ? "yes" : "NO")} | {invariant.Statement} | {violations} |");
        }

        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", Counts.Keys) + " |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---:|", Counts.Count)));
        text.AppendLine("| " + string.Join(" | ", Counts.Values.Select(v => v.ToString(CultureInfo.InvariantCulture)))
            + " |");
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        seed = Seed,
        minutes = Math.Round(Minutes, 2),
        all_hold = AllHold,
        invariants = Invariants.Select(i => new { i.Name, i.Statement, i.Holds, i.Violations }),
        counts = Counts,
    }, Json);
}
