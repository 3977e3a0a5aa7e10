namespace Hydra.Training.Jobs;

/// <summary>
/// Runs one unit of trainer work (an ensemble member, or a job's distillation) against storage and the job record. The
/// worker owns receiving, heartbeats and settlement; this seam owns the work, so tests can replace it.
/// </summary>
public interface IWorkUnitRunner
{
    /// <returns><see cref="WorkOutcome.Completed"/>, or <see cref="WorkOutcome.Skipped"/> when the job was
    /// final.</returns>
    /// <exception cref="Core.Errors.HydraException">Its kind decides whether the message is retried.</exception>
    Task<WorkOutcome> RunAsync(WorkUnit unit, CancellationToken cancellationToken);
}
