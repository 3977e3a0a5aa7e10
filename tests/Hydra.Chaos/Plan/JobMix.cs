using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hydra.Core.Jobs;

namespace Hydra.Chaos.Plan;

/// <summary>
/// The seeded batch of jobs: ordinary spirals jobs of toy size, duplicates (the same request twice: with a job id,
/// without one so the id is derived from the content, and twice on the queue) and impossible ones (refused by the
/// worker, refused at dispatch, an id reused with other content). Distill-only jobs do not exist yet, so none are
/// planned.
/// </summary>
internal static class JobMix
{
    public static IReadOnlyList<PlannedJob> Create(int seed, int ordinary, int duplicates, int impossible)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ordinary);
        var random = new Random(seed);
        var prefix = $"c{seed.ToString(CultureInfo.InvariantCulture)}";
        var jobs = new List<PlannedJob>();
        for (var k = 1; k <= ordinary; k++)
        {
            var route = k % 4 == 0 ? SubmitRoute.Queue : SubmitRoute.Http;
            jobs.Add(Ordinary(random, $"{prefix}-j{k:00}", route, copies: 1, withId: true, k));
        }

        for (var d = 1; d <= duplicates; d++)
        {
            var (route, withId) = (d % 3) switch
            {
                1 => (SubmitRoute.Http, true),
                2 => (SubmitRoute.Http, false),
                _ => (SubmitRoute.Queue, true),
            };
            jobs.Add(Ordinary(random, $"{prefix}-d{d:00}", route, copies: 2, withId, 100 + d));
        }

        for (var i = 1; i <= impossible; i++)
        {
            jobs.Add(Impossible(random, prefix, i, jobs[0]));
        }

        return jobs;
    }

    /// <summary>The n-th malformed message for a queue: each one unique, so the poison queue can be matched exactly.
    /// </summary>
    public static MalformedMessage Malformed(string queue, int seed, int n)
    {
        var tag = $"c{seed.ToString(CultureInfo.InvariantCulture)}-m{n.ToString(CultureInfo.InvariantCulture)}";
        if (queue == "training-requests")
        {
            return (n % 4) switch
            {
                0 => Base64(queue, $"{{not json {tag}"),
                1 => Base64(queue, $"[\"{tag}\", 2]"),
                2 => Base64(queue, $"{{\"dataset\": 5, \"note\": \"{tag}\"}}"),
                _ => Base64(queue, $"{{\"job_id\":\"{tag}\",\"dataset\":\"spirals\",\"members\":\"many\"}}") with
                {
                    JobId = tag
                },
            };
        }

        return (n % 3) switch
        {
            0 => Base64(queue, $"garbage {tag}"),
            1 => new MalformedMessage(queue, $"%%% not base64 {tag} %%%", $"%%% not base64 {tag} %%%"),
            _ => Base64(queue, $"{{\"job_id\":\"{tag}\",\"kind\":\"member\",\"member_index\":0}}"),
        };
    }

    private static MalformedMessage Base64(string queue, string body) =>
        new(queue, Convert.ToBase64String(Encoding.UTF8.GetBytes(body)), body);

    private static PlannedJob Ordinary(Random random, string key, SubmitRoute route, int copies, bool withId, int seed)
    {
        var members = random.Next(2, 4);
        var hydraPlus = random.NextDouble() < 0.25;
        var body = new JsonObject
        {
            ["dataset"] = "spirals",
            ["members"] = members,
            ["member_epochs"] = random.Next(30, 81),
            ["kd_epochs"] = 20,
            ["hydra_phase1_epochs"] = 10,
            ["hydra_phase2_epochs"] = 20,
            ["hydra_plus"] = hydraPlus,
            ["train_limit"] = 1000,
            ["test_limit"] = 200,
            ["seed"] = seed,
        };
        if (withId)
        {
            body["job_id"] = key;
        }

        var text = body.ToJsonString();
        var jobId = withId ? key : JobRequestValidator.DerivedId(JobRequestValidator.Parse(Encoding.UTF8.GetBytes(
            text)));
        return new PlannedJob(key, jobId, text, route, copies, Expectation.Ready, members, hydraPlus);
    }

    private static PlannedJob Impossible(Random random, string prefix, int i, PlannedJob first)
    {
        var key = $"{prefix}-x{i:00}";
        var members = random.Next(2, 4);
        return (i % 4) switch
        {
            // Valid as a request, but a CNN cannot take the spirals' 2-feature rows: the worker refuses it.
            1 => new PlannedJob(key, key, Json(new JsonObject
            {
                ["job_id"] = key,
                ["dataset"] = "spirals",
                ["architecture"] = "cnn",
                ["members"] = members,
                ["member_epochs"] = 5,
                ["train_limit"] = 300,
            }), SubmitRoute.Http, 1, Expectation.RefusedByWorker, members, false),
            2 => new PlannedJob(key, key, Json(new JsonObject
            {
                ["job_id"] = key,
                ["dataset"] = "no-such-dataset",
                ["members"] = members,
            }), SubmitRoute.Queue, 1, Expectation.Rejected, members, false),
            3 => new PlannedJob(key, key, Json(new JsonObject
            {
                ["job_id"] = key,
                ["dataset"] = "spirals",
                ["members"] = 0,
            }), SubmitRoute.Queue, 1, Expectation.Rejected, 0, false),
            // The first job's id with other content: parked, and the first job must not notice.
            _ => new PlannedJob(key, first.JobId, Json(new JsonObject
            {
                ["job_id"] = first.JobId,
                ["dataset"] = "spirals",
                ["members"] = 2,
                ["seed"] = 999_000 + i,
            }), SubmitRoute.Queue, 1, Expectation.Conflict, 2, false),
        };
    }

    private static string Json(JsonObject body) => body.ToJsonString(new JsonSerializerOptions());
}
