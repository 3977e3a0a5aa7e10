using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Hydra.Training.Jobs;

/// <summary>
/// How the worker settles a unit that did not complete, and what it records on the job: released on shutdown;
/// dead-lettered (the job failed with the reason) when the error's kind says no retry can help, or on the last allowed
/// attempt; abandoned for another try (the retry noted on the job) otherwise.
/// </summary>
internal sealed class UnitSettlement(IJobStore jobs, int maxAttempts, ILogger logger, TimeProvider clock)
{
    /// <summary>
    /// Shutdown mid-unit: the member goes back to pending and the message to the queue, for another worker.
    /// </summary>
    public async Task<WorkOutcome> ReleaseAsync(ITrainerDelivery delivery, TrainingWorkItem item, string attempt)
    {
        WorkerLog.Interrupted(logger, item.MessageId);
        if (item.Kind == WorkItemKind.Member)
        {
            await TryTransitionAsync(item.JobId, s => s.ReleaseMember(item.MemberIndex!.Value, attempt));
        }

        await delivery.AbandonAsync(CancellationToken.None);
        return WorkOutcome.Abandoned;
    }

    /// <summary>The one place where the worker reads an error: its kind, never its .NET type.</summary>
    public async Task<WorkOutcome> SettleFailureAsync(ITrainerDelivery delivery, TrainingWorkItem item,
        Exception failure)
    {
        if (failure is UnitSupersededException)
        {
            // Not a failure of the unit: a newer delivery holds it and carries it on. This one only goes away.
            WorkerLog.Superseded(logger, item.MessageId, failure.Message);
            await delivery.CompleteAsync(CancellationToken.None);
            return WorkOutcome.Skipped;
        }

        if (ErrorKinds.IsPermanent(ErrorKinds.Of(failure)))
        {
            return await DeadLetterAsync(delivery, item, failure.Message);
        }

        if (delivery.DeliveryCount >= maxAttempts)
        {
            WorkerLog.GaveUp(logger, failure, item.MessageId, delivery.DeliveryCount);
            return await DeadLetterAsync(delivery, item,
                $"failed {delivery.DeliveryCount} times; last error: {failure.Message}");
        }

        WorkerLog.TransientFailure(logger, failure, item.MessageId, delivery.DeliveryCount);
        await TryTransitionAsync(item.JobId, s => s.Note($"{item.MessageId} failed, will retry: {failure.Message}"));
        await delivery.AbandonAsync(CancellationToken.None);
        return WorkOutcome.Abandoned;
    }

    public async Task<WorkOutcome> DeadLetterAsync(ITrainerDelivery delivery, TrainingWorkItem? item, string reason)
    {
        WorkerLog.DeadLettered(logger, delivery.MessageId, reason);
        if (item is not null)
        {
            await TryTransitionAsync(item.JobId, s => s.Fail(reason));
        }

        await delivery.DeadLetterAsync(reason, CancellationToken.None);
        return WorkOutcome.DeadLettered;
    }

    /// <summary>
    /// Records on the job what happened to a unit; a missing job or an illegal transition is logged, not thrown.
    /// </summary>
    private async Task TryTransitionAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus> transition)
    {
        try
        {
            await jobs.TransitionAsync(jobId, transition, clock, CancellationToken.None);
        }
        catch (Exception e) when (e is JobNotFoundException or JobTransitionException)
        {
            // Nothing (or nothing sensible) to record on: the message is settled all the same.
            WorkerLog.NotRecorded(logger, jobId, e.Message);
        }
    }
}
