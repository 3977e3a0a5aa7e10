using System.Text;
using Hydra.Chaos.Plan;
using Hydra.Core.Jobs;

namespace Hydra.Chaos.Check;

/// <summary>
/// The poison queues hold exactly the impossible and malformed messages, each with its reason: every malformed message
/// and every request refused at dispatch once, between one and M units of a job the worker refuses, nothing else (not
/// a message the host parked after failing it five times, nor a blob event that failed its three tries).
/// </summary>
internal static class PoisonInvariant
{
    public const string RequestPoison = "training-requests-poison";
    public const string UnitPoison = "training-jobs-poison";

    public static InvariantResult Check(ChaosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var violations = new List<string>();
        var unclaimed = state.Poison.ToList();
        foreach (var malformed in state.Malformed)
        {
            Expect(unclaimed, violations, $"malformed message '{Short(malformed.Body)}'", 1, 1, e
                => e.Queue == malformed.Queue + "-poison" && e.Body == malformed.Body);
        }

        foreach (var planned in state.Planned)
        {
            switch (planned.Expect)
            {
                case Expectation.Rejected or Expectation.Conflict:
                    Expect(unclaimed, violations, $"request {planned.Key}", planned.Copies, planned.Copies, e
                        => e.Queue == RequestPoison && e.Body == planned.Body);
                    break;
                case Expectation.RefusedByWorker:
                    Expect(unclaimed, violations, $"units of {planned.JobId}", 1, Math.Max(1, planned.Members), e
                        => e.Queue == UnitPoison && UnitJobId(e.Body) == planned.JobId);
                    break;
                default:
                    break;
            }
        }

        violations.AddRange(unclaimed.Select(e
            => $"unexpected on {e.Queue}: '{Short(e.Body)}' ({e.Reason ?? "no reason"})"));
        violations.AddRange(state.Poison.Where(e => string.IsNullOrWhiteSpace(e.Reason) && !unclaimed.Contains(e))
            .Select(e => $"no reason on {e.Queue}: '{Short(e.Body)}'"));
        return new InvariantResult("poison-exact",
            "poison queues hold exactly the impossible and malformed messages, each with a reason", violations);
    }

    private static void Expect(List<PoisonEntry> unclaimed, List<string> violations, string what, int min, int max,
        Func<PoisonEntry, bool> matches)
    {
        var found = unclaimed.Where(matches).ToList();
        if (found.Count < min || found.Count > max)
        {
            violations.Add($"{what}: {found.Count} poison entries, expected "
                + (min == max ? $"{min}" : $"{min}–{max}"));
        }

        foreach (var entry in found)
        {
            unclaimed.Remove(entry);
        }
    }

    private static string? UnitJobId(string body)
    {
        try
        {
            return TrainingWorkItem.Parse(Encoding.UTF8.GetBytes(body)).JobId;
        }
        catch (InvalidWorkItemException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
