using Microsoft.Extensions.Logging;

namespace Hydra.Azure.Transport;

internal static partial class TransportLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Message {MessageId} was delivered {DeliveryCount} times (limit {MaxDeliveryCount}); moved to "
            + "{PoisonQueue}")]
    public static partial void MovedToPoison(ILogger logger, string messageId, int deliveryCount, int maxDeliveryCount,
        string poisonQueue);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Message {MessageId} dead-lettered to {PoisonQueue}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string poisonQueue, string reason);
}
