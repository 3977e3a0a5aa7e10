using Hydra.Chaos.Plan;

namespace Hydra.Chaos.Check;

/// <summary>
/// The pipeline's invariants, checked against a <see cref="ChaosState"/>. Pure: a hand-made bad state must fail the
/// same checks a broken run fails.
/// </summary>
internal static class InvariantChecker
{
    public const string Ready = "ready";
    public const string Failed = "failed";

    public static IReadOnlyList<InvariantResult> Check(ChaosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return
        [
            new("jobs-final", "every job ends ready or failed with a reason; none stuck", JobsFinal(state)),
            new("queues-drained", "no message is left on the work queues", QueuesDrained(state)),
            new("expected-outcome", "ordinary jobs end ready, impossible ones failed; no job appears from nowhere",
                ExpectedOutcomes(state)),
            new("one-model-version", "exactly one model version per ready job and kind", OneModelVersion(state)),
            new("trained-once", "no checkpoint file is rewritten once its card exists", TrainedOnce(state)),
            new("no-half-written", "every card matches its weights' SHA-256, every manifest its graph and source",
                NoHalfWritten(state)),
            PoisonInvariant.Check(state),
            new("duplicates-one-job", "a request submitted twice maps to one job", DuplicatesOneJob(state)),
            new("workers-survive", "no worker exits unless it is stopped", [.. state.WorkerExits]),
        ];
    }

    /// <summary>
    /// Work the pipeline finished and then lost or redid: ordinary jobs not ready, rewritten checkpoints, extra model
    /// versions.
    /// </summary>
    public static int LostWork(ChaosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var jobs = state.Jobs.ToDictionary(j => j.JobId, StringComparer.Ordinal);
        var notReady = state.Planned.Where(p => p.Expect == Expectation.Ready).Select(p => p.JobId).Distinct()
            .Count(id => !jobs.TryGetValue(id, out var job) || job.State != Ready);
        return notReady + RewrittenFolders(state).Count + state.ModelVersions.Values.Sum(v => Math.Max(0,
            v.Count - 1));
    }

    /// <summary>Units finished: members done, plus one distillation for each job past it.</summary>
    public static int UnitsDone(ChaosState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Jobs.Sum(j => j.MembersDone + (j.Models.Count > 0 || j.State is "converting" ? 1 : 0));
    }

    private static List<string> JobsFinal(ChaosState state)
    {
        var violations = new List<string>();
        foreach (var job in state.Jobs)
        {
            if (job.State is not (Ready or Failed))
            {
                violations.Add($"{job.JobId} is stuck in '{job.State}' ({job.MembersDone}/{job.Members} members "
                    + $"done{(job.Reason is null ? "" : $"; {job.Reason}")})");
            }
            else if (job.State == Failed && string.IsNullOrWhiteSpace(job.Reason))
            {
                violations.Add($"{job.JobId} failed without a reason");
            }
        }

        var known = state.Jobs.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
        violations.AddRange(state.Planned.Where(p => p.Expect != Expectation.Conflict && !known.Contains(p.JobId))
            .Select(p => $"{p.JobId} was submitted but has no job record"));
        return violations;
    }

    private static List<string> QueuesDrained(ChaosState state) =>
        [.. state.LeftOnQueues.Where(q => q.Value > 0).Select(q => $"{q.Value} message(s) left on {q.Key}")];

    private static List<string> ExpectedOutcomes(ChaosState state)
    {
        var violations = new List<string>();
        var jobs = state.Jobs.ToDictionary(j => j.JobId, StringComparer.Ordinal);
        foreach (var planned in state.Planned.Where(p => p.Expect != Expectation.Conflict))
        {
            if (!jobs.TryGetValue(planned.JobId, out var job))
            {
                continue;
            }

            var want = planned.Expect == Expectation.Ready ? Ready : Failed;
            if (job.State != want)
            {
                violations.Add($"{job.JobId} ({planned.Expect}) ended '{job.State}', not '{want}'"
                    + (job.Reason is null ? "" : $": {job.Reason}"));
            }
        }

        var expected = state.Planned.Select(p => p.JobId).Concat(state.Malformed.Select(m => m.JobId).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        violations.AddRange(state.Jobs.Where(j => !expected.Contains(j.JobId))
            .Select(j => $"{j.JobId} exists but nobody submitted it"));
        return violations;
    }

    private static List<string> OneModelVersion(ChaosState state)
    {
        var violations = new List<string>();
        var planned = state.Planned.Where(p => p.Expect == Expectation.Ready).GroupBy(p => p.JobId)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var job in state.Jobs.Where(j => j.State == Ready))
        {
            var expected = planned.TryGetValue(job.JobId, out var plan) ? plan.ModelIds : job.Models;
            if (!job.Models.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
            {
                violations.Add($"{job.JobId} lists models [{string.Join(", ", job.Models)}], expected "
                    + $"[{string.Join(", ", expected)}]");
            }

            foreach (var model in expected)
            {
                var versions = state.ModelVersions.TryGetValue(model, out var v) ? v : [];
                if (versions.Count != 1)
                {
                    violations.Add($"model {model} has {versions.Count} versions"
                        + (versions.Count == 0 ? "" : $" ({string.Join(", ", versions.Select(s => s[..12]))})"));
                }
            }
        }

        return violations;
    }

    private static List<string> TrainedOnce(ChaosState state) => RewrittenFolders(state);

    /// <summary>
    /// Each checkpoint folder (members/{i}, kd, hydra, hydra-plus) whose card changed, or whose other files changed
    /// after the card was first seen.
    /// </summary>
    private static List<string> RewrittenFolders(ChaosState state)
    {
        var violations = new List<string>();
        var byFolder = state.Blobs.Where(b => b.Path.StartsWith("checkpoints/", StringComparison.Ordinal))
            .GroupBy(b => b.Path[..b.Path.LastIndexOf('/')], StringComparer.Ordinal);
        foreach (var folder in byFolder)
        {
            var card = folder.FirstOrDefault(b => b.Path.EndsWith("/model.json", StringComparison.Ordinal));
            if (card is null || card.Versions.Count == 0)
            {
                continue;
            }

            var committed = card.Versions[0].SeenAt;
            var changed = folder.Where(b => b == card ? b.Versions.Count > 1 : b.Versions.Skip(1).Any(v
                => v.SeenAt > committed)).Select(b => b.Path[(folder.Key.Length + 1)..]).ToList();
            if (changed.Count > 0)
            {
                violations.Add($"{folder.Key}: {string.Join(", ", changed)} rewritten after the card existed");
            }
        }

        return violations;
    }

    private static List<string> NoHalfWritten(ChaosState state) =>
        [.. state.Checks.Where(c => c.Problem is not null).Select(c => $"{c.Path}: {c.Problem}")];

    private static List<string> DuplicatesOneJob(ChaosState state)
    {
        var violations = new List<string>();
        foreach (var planned in state.Planned.Where(p => p.Copies > 1))
        {
            var copies = state.Submissions.Where(s => s.Key == planned.Key).ToList();
            if (copies.Count != planned.Copies)
            {
                violations.Add($"{planned.Key}: {copies.Count} of {planned.Copies} copies were accepted");
            }

            var ids = copies.Select(c => c.JobId).Distinct().ToList();
            if (ids.Count != 1 || ids[0] != planned.JobId)
            {
                violations.Add($"{planned.Key}: copies answered with job ids [{string.Join(", ", ids)}], expected "
                    + planned.JobId);
            }

            var http = copies.Where(c => c.Route == SubmitRoute.Http).ToList();
            // At most one: an answer lost to an outage is retried, and the retry finds the job already there.
            if (http.Count(c => c.Created == true) > 1)
            {
                violations.Add($"{planned.Key}: {http.Count(c => c.Created == true)} of {http.Count} HTTP answers "
                    + "said a new job was created");
            }

            var job = state.Jobs.SingleOrDefault(j => j.JobId == planned.JobId);
            if (job is not null && job.Members != planned.Members)
            {
                violations.Add($"{planned.JobId} has {job.Members} members, the request asked for {planned.Members}");
            }
        }

        return violations;
    }
}
