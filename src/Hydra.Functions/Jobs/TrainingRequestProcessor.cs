using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Hydra.Functions.Jobs;

/// <summary>
/// Handles one "training-requests" message. A request that can never run (bad JSON, unknown dataset, impossible spec,
/// a stored dataset that is missing, invalid or too large, an id reused with other content) is parked on the poison
/// queue with its reason — and recorded on the job when its id is known — instead of burning the host's retries;
/// anything else (storage down) throws, so the host retries it.
/// </summary>
public sealed partial class TrainingRequestProcessor(JobDispatcher dispatcher, TrainingRequests requests,
    ILogger<TrainingRequestProcessor> logger)
{
    public async Task<JobAcceptance?> ProcessAsync(string messageId, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        var jobId = JobDispatcher.TryReadJobId(body.Span);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = jobId,
            ["MessageId"] = messageId
        });
        try
        {
            var acceptance = await dispatcher.DispatchAsync(body, cancellationToken);
            if (acceptance.Status.DistillOnly)
            {
                DispatchedDistillation(logger, acceptance.Spec.JobId, acceptance.Created);
            }
            else
            {
                Dispatched(logger, acceptance.Spec.JobId, acceptance.Status.Members.Count, acceptance.Created);
            }

            return acceptance;
        }
        catch (JobConflictException e)
        {
            // The id belongs to another job, which must not be failed by a stranger's message.
            await ParkAsync(messageId, body, e.Message, cancellationToken);
        }
        catch (HydraException e) when (ErrorKinds.IsPermanent(e.Kind))
        {
            await dispatcher.RecordRejectedAsync(jobId, e.Message, cancellationToken);
            await ParkAsync(messageId, body, e.Message, cancellationToken);
        }

        return null;
    }

    private async Task ParkAsync(string messageId, ReadOnlyMemory<byte> body, string reason,
        CancellationToken cancellationToken)
    {
        Rejected(logger, messageId, reason);
        await requests.SendPoisonAsync(messageId, body, reason, cancellationToken);
    }

    [LoggerMessage(2011, LogLevel.Information, "Dispatched job {JobId}: {Members} member units (new job: {Created})")]
    private static partial void Dispatched(ILogger logger, string jobId, int members, bool created);

    [LoggerMessage(2013, LogLevel.Information,
        "Dispatched job {JobId}: a distillation of stored teachers, no member units (new job: {Created})")]
    private static partial void DispatchedDistillation(ILogger logger, string jobId, bool created);

    [LoggerMessage(2012, LogLevel.Warning,
        "Training request {MessageId} rejected and parked on the poison queue: {Reason}")]
    private static partial void Rejected(ILogger logger, string messageId, string reason);
}
