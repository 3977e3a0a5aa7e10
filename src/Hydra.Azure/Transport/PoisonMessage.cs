namespace Hydra.Azure.Transport;

/// <summary>
/// What the storage-queue transport puts on "{queue}-poison" (snake_case JSON, Base64 on the wire like every message
/// there): the reason, which message, after how many deliveries, and the original body as text.
/// </summary>
public sealed record PoisonMessage(string Reason, string MessageId, int DeliveryCount, string Body,
    DateTimeOffset DeadLetteredAt);
