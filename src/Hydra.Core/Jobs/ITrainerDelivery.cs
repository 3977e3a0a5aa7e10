namespace Hydra.Core.Jobs;

/// <summary>
/// One received message, locked (Service Bus) or invisible (storage queue) while this worker holds it. Settle it
/// exactly
/// once: complete, abandon or dead-letter. Keep it alive with <see cref="RenewAsync"/> every <see
/// cref="RenewInterval"/>.
/// </summary>
public interface ITrainerDelivery
{
    string MessageId { get; }

    /// <summary>1 on the first delivery.</summary>
    int DeliveryCount { get; }

    /// <summary>The message body as sent (UTF-8 JSON of a <see cref="TrainingWorkItem"/>, unless malformed).</summary>
    ReadOnlyMemory<byte> Body { get; }

    /// <summary>
    /// How often the holder must call <see cref="RenewAsync"/> so that nobody else receives the message.
    /// </summary>
    TimeSpan RenewInterval { get; }

    /// <summary>Extends the lock (Service Bus) or the invisibility (storage queue).</summary>
    Task RenewAsync(CancellationToken cancellationToken);

    /// <summary>Done: the message is removed.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Not done (e.g. shutting down): the message becomes available to other workers now.</summary>
    Task AbandonAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Can never succeed: moved to the dead-letter (Service Bus) or poison (storage) queue with the reason.
    /// </summary>
    Task DeadLetterAsync(string reason, CancellationToken cancellationToken);
}
