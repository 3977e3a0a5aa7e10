namespace Hydra.Azure.Transport;

/// <summary>Which queue carries the trainer's units of work (Hydra__Transport__Kind).</summary>
public enum TrainerTransportKind
{
    /// <summary>Azure Service Bus: the production queue, which also scales the Container Apps job.</summary>
    ServiceBus,

    /// <summary>An Azure Storage queue: the local twin on Azurite.</summary>
    StorageQueue,
}
