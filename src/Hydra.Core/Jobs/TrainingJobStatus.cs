using Hydra.Core.Datasets;

namespace Hydra.Core.Jobs;

/// <summary>
/// The job's state as the job store keeps it. Changed only through <see cref="IJobStore.UpdateAsync"/>, which applies a
/// pure function to the newest version, so concurrent workers never lose each other's updates.
/// </summary>
public sealed partial record TrainingJobStatus
{
    public required string JobId { get; init; }

    public TrainingJobState State { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<MemberProgress> Members { get; init; } = [];

    /// <summary>The distillation phase running now ("kd", "hydra phase 2", …), when distilling.</summary>
    public string? Phase { get; init; }

    public double PhaseFraction { get; init; }

    /// <summary>
    /// When the member units were handed to the trainer; a replayed request finding it set sends nothing.
    /// </summary>
    public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>How many served models the job makes: 1 (Hydra) or 2 (Hydra and Hydra+).</summary>
    public int ExpectedModels { get; init; } = 1;

    /// <summary>
    /// The message id of the member unit that won the right to request distillation (exactly one does).
    /// </summary>
    public string? DistillationClaimedBy { get; init; }

    /// <summary>The attempt (one delivery of the distillation unit) that runs the distillation now.</summary>
    public string? DistillationAttempt { get; init; }

    /// <summary>The models converted from this job ("{jobId}" for Hydra, "{jobId}-plus" for Hydra+).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>
    /// For a dataset in storage: the SHA-256 of its files as the first unit downloaded them (later units must match).
    /// </summary>
    public DatasetDigest? Dataset { get; init; }

    /// <summary>
    /// For a distill-only job: its teacher files, by name from acceptance on, with their SHA-256 once the distillation
    /// unit downloaded them. Such a job has no members and goes from queued straight to distilling.
    /// </summary>
    public Teachers.TeacherDigest? Teachers { get; init; }

    /// <summary>Why the job failed, or why its last conversion failed while an older model keeps serving.</summary>
    public string? Reason { get; init; }

    public static TrainingJobStatus Queued(string jobId, int members, int expectedModels, DateTimeOffset now) => new()
    {
        JobId = jobId,
        ExpectedModels = expectedModels,
        State = TrainingJobState.Queued,
        CreatedAt = now,
        UpdatedAt = now,
        Members = [.. Enumerable.Range(0, members).Select(i => new MemberProgress(i, MemberState.Pending))],
    };

    /// <summary>A distill-only job: no member units, the distillation is queued at once.</summary>
    public static TrainingJobStatus QueuedForTeachers(string jobId, Teachers.TeacherDigest teachers, int expectedModels,
        DateTimeOffset now) => Queued(jobId, 0, expectedModels, now) with { Teachers = teachers };

    /// <summary>Whether the job distils teachers trained elsewhere instead of training members.</summary>
    public bool DistillOnly => Teachers is not null;

    /// <summary>A request that can never run, recorded so that clients polling its id see why.</summary>
    public static TrainingJobStatus Rejected(string jobId, string reason, DateTimeOffset now) =>
        Queued(jobId, 0, 0, now) with { State = TrainingJobState.Failed, Reason = reason };

    public bool AllMembersDone => Members.Count > 0 && Members.All(m => m.State == MemberState.Done);

    /// <summary>Terminal states never move back: a late or replayed message must not revive a finished job.</summary>
    public bool IsFinal => State is TrainingJobState.Ready or TrainingJobState.Failed;

    /// <summary>Every model the job makes is served (the one rule for "ready").</summary>
    private bool AllModelsIn(IReadOnlyList<string> models) => models.Count >= ExpectedModels;
}
