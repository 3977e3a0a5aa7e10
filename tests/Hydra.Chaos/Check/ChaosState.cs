using Hydra.Chaos.Plan;

namespace Hydra.Chaos.Check;

/// <summary>
/// Everything the invariants are checked against, gathered at the end of a run (or made by hand in a test): what the
/// client meant, what it was told, what storage holds, what the observer saw change while the run went on.
/// </summary>
internal sealed record ChaosState
{
    public IReadOnlyList<PlannedJob> Planned { get; init; } = [];

    /// <summary>Every copy of every submission and the job id the product answered with.</summary>
    public IReadOnlyList<SubmissionResult> Submissions { get; init; } = [];

    /// <summary>The malformed messages dropped on the queues.</summary>
    public IReadOnlyList<MalformedMessage> Malformed { get; init; } = [];

    /// <summary>Every job record in the job table at the end.</summary>
    public IReadOnlyList<JobOutcome> Jobs { get; init; } = [];

    /// <summary>Everything on a poison queue at the end, the host's own parking included.</summary>
    public IReadOnlyList<PoisonEntry> Poison { get; init; } = [];

    /// <summary>Messages still waiting on the work queues at the end (nothing may be left behind).</summary>
    public IReadOnlyDictionary<string, int> LeftOnQueues { get; init; } = new Dictionary<string, int>();

    /// <summary>Each blob under checkpoints/ and models/ with every version (ETag) seen, in order.</summary>
    public IReadOnlyList<BlobHistory> Blobs { get; init; } = [];

    /// <summary>Content checks: a card against its weights, a manifest against its graph and its source card.</summary>
    public IReadOnlyList<ContentCheck> Checks { get; init; } = [];

    /// <summary>Each served model id with every graph version (model.onnx SHA-256) its manifests named.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ModelVersions { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Workers that exited without being told to (a crash is a finding: storage going away must not end a
    /// worker).</summary>
    public IReadOnlyList<string> WorkerExits { get; init; } = [];

    public FaultCounts Faults { get; init; } = new();
}

/// <summary>One copy of a submission: the job id the product gave back (the HTTP answer, or the id sent).</summary>
internal sealed record SubmissionResult(string Key, int Copy, SubmitRoute Route, string? JobId, int? Status,
    bool? Created, int Attempts);

/// <summary>A job record at the end.</summary>
internal sealed record JobOutcome(string JobId, string State, string? Reason, IReadOnlyList<string> Models,
    int Members, int MembersDone);

/// <summary>A poison-queue entry: its reason (null when the host parked it without one) and the body it holds.
/// </summary>
internal sealed record PoisonEntry(string Queue, string? Reason, string Body);

/// <summary>One blob and the versions seen, oldest first.</summary>
internal sealed record BlobHistory(string Path, IReadOnlyList<BlobVersion> Versions);

internal sealed record BlobVersion(string ETag, DateTimeOffset SeenAt);

/// <summary>What was checked, and what was found wrong (null when it was right).</summary>
internal sealed record ContentCheck(string Path, string? Problem);

/// <summary>The faults injected and what the run did.</summary>
internal sealed record FaultCounts
{
    public int Kills { get; init; }

    public int Terms { get; init; }

    public int Outages { get; init; }

    public double OutageSeconds { get; init; }

    public int Replays { get; init; }

    public int MalformedMessages { get; init; }

    public int WorkersStarted { get; init; }

    public int Conversions { get; init; }

    /// <summary>From the workers' logs: units dropped because a newer delivery held them (event 6304).</summary>
    public int Superseded { get; init; }

    /// <summary>From the workers' logs: storage calls tried again during an outage (event 6301).</summary>
    public int StorageRetries { get; init; }
}
