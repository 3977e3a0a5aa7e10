using System.Text.Json.Nodes;
using Hydra.Chaos.Check;
using Hydra.Chaos.Plan;

namespace Hydra.Chaos.Tests;

/// <summary>
/// A hand-made end state in which every invariant holds: an ordinary job, a duplicate, a job the worker refuses, one
/// refused at dispatch, a malformed message on each queue. Tests break one thing at a time.
/// </summary>
internal static class GoodState
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly PlannedJob Ordinary = new("j01", "j01", Body("j01", "spirals"), SubmitRoute.Http, 1,
        Expectation.Ready, 2, false);

    public static readonly PlannedJob Duplicate = new("d01", "d01", Body("d01", "spirals"), SubmitRoute.Http, 2,
        Expectation.Ready, 2, false);

    public static readonly PlannedJob Refused = new("x01", "x01", Body("x01", "spirals"), SubmitRoute.Http, 1,
        Expectation.RefusedByWorker, 2, false);

    public static readonly PlannedJob Rejected = new("x02", "x02", Body("x02", "no-such-dataset"), SubmitRoute.Queue,
        1, Expectation.Rejected, 2, false);

    public static ChaosState Create() => new()
    {
        Planned = [Ordinary, Duplicate, Refused, Rejected],
        Submissions =
        [
            new("j01", 1, SubmitRoute.Http, "j01", 202, true, 1),
            new("d01", 1, SubmitRoute.Http, "d01", 202, true, 1),
            new("d01", 2, SubmitRoute.Http, "d01", 202, false, 1),
            new("x01", 1, SubmitRoute.Http, "x01", 202, true, 1),
            new("x02", 1, SubmitRoute.Queue, "x02", null, null, 1),
        ],
        Malformed =
        [
            new("training-requests", "e25vdCBqc29u", "{not json"),
            new("training-jobs", "garbage", "garbage"),
        ],
        Jobs =
        [
            new("j01", "ready", null, ["j01"], 2, 2),
            new("d01", "ready", null, ["d01"], 2, 2),
            new("x01", "failed", "Invalid architecture spec", [], 2, 0),
            new("x02", "failed", "Unknown dataset 'no-such-dataset'", [], 0, 0),
        ],
        Poison =
        [
            new("training-requests-poison", "Not a training job request", "{not json"),
            new("training-requests-poison", "Unknown dataset 'no-such-dataset'", Rejected.Body),
            new("training-jobs-poison", "Not a training work item", "garbage"),
            new("training-jobs-poison", "Invalid architecture spec",
                """{"job_id":"x01","kind":"member","member_index":0}"""),
        ],
        LeftOnQueues = new Dictionary<string, int> { ["training-requests"] = 0, ["training-jobs"] = 0 },
        Blobs = [.. Checkpoint("j01", "members/0", 1), .. Checkpoint("j01", "members/1", 2),
            .. Checkpoint("j01", "hydra", 3), .. Checkpoint("d01", "hydra", 4)],
        Checks = [new("checkpoints/j01/hydra/model.json", null), new("models/j01/manifest.json", null)],
        ModelVersions = new Dictionary<string, IReadOnlyList<string>>
        {
            ["j01"] = ["aaaaaaaaaaaaaaaa"],
            ["d01"] = ["bbbbbbbbbbbbbbbb"],
        },
        Faults = new FaultCounts { Kills = 1, Terms = 1, Outages = 1, Replays = 1, MalformedMessages = 2 },
    };

    /// <summary>A checkpoint's weights then card, each written once, <paramref name="minute"/> minutes in.</summary>
    public static BlobHistory[] Checkpoint(string job, string folder, int minute) =>
    [
        new($"checkpoints/{job}/{folder}/model.safetensors", [new("w1", T0.AddMinutes(minute))]),
        new($"checkpoints/{job}/{folder}/model.json", [new("c1", T0.AddMinutes(minute).AddSeconds(1))]),
    ];

    private static string Body(string id, string dataset) =>
        new JsonObject { ["job_id"] = id, ["dataset"] = dataset, ["members"] = 2 }.ToJsonString();
}
