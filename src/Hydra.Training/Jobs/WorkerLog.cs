using Microsoft.Extensions.Logging;

namespace Hydra.Training.Jobs;

/// <summary>The worker's log lines (source-generated; the job id and unit come from the logging scope).</summary>
internal static partial class WorkerLog
{
    /// <summary>
    /// The scope of one unit: JobId and WorkItem as structured values for telemetry, "job {JobId}, {WorkItem}" as the
    /// text a console line shows (a dictionary scope would print its type name there).
    /// </summary>
    public static readonly Func<ILogger, string, string, IDisposable?> UnitScope =
        LoggerMessage.DefineScope<string, string>("job {JobId}, {WorkItem}");

    [LoggerMessage(4001, LogLevel.Information, "Worker {Worker} waiting for training units")]
    public static partial void Started(ILogger logger, string worker);

    [LoggerMessage(4002, LogLevel.Information, "Starting {Unit} (delivery {DeliveryCount})")]
    public static partial void UnitStarted(ILogger logger, string unit, int deliveryCount);

    [LoggerMessage(4003, LogLevel.Information, "{Unit}: {Outcome} in {Seconds:F1} s")]
    public static partial void UnitFinished(ILogger logger, string unit, WorkOutcome outcome, double seconds);

    [LoggerMessage(4004, LogLevel.Information,
        "{Phase}: epoch {Epoch}/{Epochs}, {Percent:F0}%, {Rate:F0} rows/s, ETA {Remaining}")]
    public static partial void Progress(ILogger logger, string phase, int epoch, int epochs, double percent,
        double rate, string remaining);

    [LoggerMessage(4005, LogLevel.Error, "Dead-lettering message {MessageId}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string reason);

    [LoggerMessage(4006, LogLevel.Warning, "{Unit} failed; released for another try (delivery {DeliveryCount})")]
    public static partial void TransientFailure(ILogger logger, Exception exception, string unit, int deliveryCount);

    [LoggerMessage(4007, LogLevel.Warning, "{Unit} interrupted by shutdown; released for another worker")]
    public static partial void Interrupted(ILogger logger, string unit);

    [LoggerMessage(4008, LogLevel.Warning, "Could not renew the message lock")]
    public static partial void RenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(4009, LogLevel.Information, "All members done: requested the distillation")]
    public static partial void DistillationRequested(ILogger logger);

    [LoggerMessage(4010, LogLevel.Information, "Worker {Worker} stopping after {Units} units ({Reason})")]
    public static partial void Stopped(ILogger logger, string worker, int units, string reason);

    [LoggerMessage(4011, LogLevel.Information, "Member {Index} already in storage: not retrained")]
    public static partial void MemberResumed(ILogger logger, int index);

    [LoggerMessage(4012, LogLevel.Error,
        "{Unit} failed on delivery {DeliveryCount}, the last allowed: dead-lettering it")]
    public static partial void GaveUp(ILogger logger, Exception exception, string unit, int deliveryCount);

    [LoggerMessage(4013, LogLevel.Warning, "Could not record the unit's outcome on job {JobId}: {Reason}")]
    public static partial void NotRecorded(ILogger logger, string jobId, string reason);

    [LoggerMessage(4014, LogLevel.Warning, "Could not publish progress")]
    public static partial void ProgressFailed(ILogger logger, Exception exception);

    [LoggerMessage(4015, LogLevel.Error, "Settling message {MessageId} failed; it returns when its lock runs out")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(6202, LogLevel.Information,
        "Downloaded {Dataset}: {Files} files, {Bytes} bytes to {Folder} (SHA-256 of the listing {Sha256})")]
    public static partial void DatasetDownloaded(ILogger logger, string dataset, int files, long bytes, string folder,
        string sha256);

    [LoggerMessage(6401, LogLevel.Information, "Downloaded {Teachers}: {Files}")]
    public static partial void TeachersDownloaded(ILogger logger, string teachers, string files);

    [LoggerMessage(6402, LogLevel.Information,
        "Distilling {Count} teachers: KD {KdEpochs} epochs, Hydra {Phase1}+{Phase2}, T = {Temperature}")]
    public static partial void DistillingTeachers(ILogger logger, int count, int kdEpochs, int phase1, int phase2,
        double temperature);

    [LoggerMessage(6302, LogLevel.Warning,
        "Receiving failed {Failures} time(s) in a row; receiving again in {Seconds:F1} s")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception, int failures, double seconds);

    [LoggerMessage(6303, LogLevel.Warning,
        "Not writing {Path}: its checkpoint {Card} is committed already (another delivery wrote it); kept as it is")]
    public static partial void CheckpointKept(ILogger logger, string path, string card);

    [LoggerMessage(6304, LogLevel.Warning, "{Unit} superseded by a newer delivery: dropping this one ({Reason})")]
    public static partial void Superseded(ILogger logger, string unit, string reason);
}
