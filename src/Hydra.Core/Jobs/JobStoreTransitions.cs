namespace Hydra.Core.Jobs;

/// <summary>
/// Applies one lifecycle transition through the store's optimistic update, stamping the time of a real change.
/// </summary>
public static class JobStoreTransitions
{
    /// <summary>
    /// Runs <paramref name="transition"/> on the newest record; when it returns the same record (nothing to change)
    /// nothing
    /// is written. Returns the record as stored afterwards.
    /// </summary>
    public static Task<TrainingJobStatus> TransitionAsync(this IJobStore jobs, string jobId,
        Func<TrainingJobStatus, TrainingJobStatus> transition, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        return jobs.UpdateAsync(jobId, current =>
        {
            var next = transition(current);
            return ReferenceEquals(next, current) ? null : next with { UpdatedAt = now };
        }, cancellationToken);
    }
}
