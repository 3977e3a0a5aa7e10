using System.Globalization;
using Azure.Messaging.ServiceBus;

namespace Hydra.Azure.Transport;

/// <summary>
/// One peek-locked Service Bus message; settling and renewing go through the receiver that locked it.
/// </summary>
internal sealed class ServiceBusDelivery : TrainerDeliveryBase
{
    /// <summary>
    /// Dead-letter reasons travel as message properties: keep them well inside the header size limit.
    /// </summary>
    internal const int MaxReasonLength = 1024;

    private readonly ServiceBusReceiver _receiver;
    private readonly ServiceBusReceivedMessage _message;

    public ServiceBusDelivery(ServiceBusReceiver receiver, ServiceBusReceivedMessage message, TimeSpan renewInterval)
    {
        _receiver = receiver;
        _message = message;
        RenewInterval = renewInterval;
    }

    public override string MessageId => _message.MessageId;

    public override int DeliveryCount => _message.DeliveryCount;

    public override ReadOnlyMemory<byte> Body => _message.Body.ToMemory();

    public override TimeSpan RenewInterval { get; }

    internal static string Description(int deliveryCount) =>
        string.Create(CultureInfo.InvariantCulture, $"Dead-lettered by the Hydra trainer on delivery {deliveryCount}.");

    protected override Task RenewCoreAsync(CancellationToken cancellationToken) =>
        _receiver.RenewMessageLockAsync(_message, cancellationToken);

    protected override Task CompleteCoreAsync(CancellationToken cancellationToken) =>
        _receiver.CompleteMessageAsync(_message, cancellationToken);

    protected override Task AbandonCoreAsync(CancellationToken cancellationToken) =>
        _receiver.AbandonMessageAsync(_message, propertiesToModify: null, cancellationToken);

    protected override Task DeadLetterCoreAsync(string reason, CancellationToken cancellationToken)
    {
        var shortReason = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
        return _receiver.DeadLetterMessageAsync(_message, shortReason, Description(DeliveryCount), cancellationToken);
    }
}
