namespace Hydra.Core.Jobs;

/// <summary>
/// The queue between the Function App and the trainer containers: Azure Service Bus in Azure, an Azure Storage queue
/// locally (Azurite). At-least-once: a unit may be delivered again, so every handler is idempotent.
/// </summary>
public interface ITrainerTransport
{
    Task SendAsync(TrainingWorkItem item, CancellationToken cancellationToken);

    /// <summary>The next message, or null when none arrived within <paramref name="maxWait"/>.</summary>
    Task<ITrainerDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken);
}
