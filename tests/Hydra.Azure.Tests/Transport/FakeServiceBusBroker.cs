using Azure.Messaging.ServiceBus;
using Moq;

namespace Hydra.Azure.Tests.Transport;

/// <summary>
/// A Service Bus queue in memory behind Moq mocks of <see cref="ServiceBusClient"/>, <see cref="ServiceBusSender"/> and
/// <see cref="ServiceBusReceiver"/>: peek-lock delivery with delivery counts, complete, abandon, dead-letter and lock
/// renewal, so the transport runs against the real SDK surface without a namespace.
/// </summary>
internal sealed class FakeServiceBusBroker
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _queue = [];
    private long _sequence;

    public FakeServiceBusBroker(TimeSpan lockDuration)
    {
        LockDuration = lockDuration;
        Sender.Setup(s => s.SendMessageAsync(It.IsAny<ServiceBusMessage>(), It.IsAny<CancellationToken>()))
            .Returns((ServiceBusMessage m, CancellationToken _) => Run(() => Enqueue(m)));
        Receiver.Setup(r => r.ReceiveMessageAsync(It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((TimeSpan? _, CancellationToken _) => Lock());
        Receiver.Setup(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(),
            It.IsAny<CancellationToken>()))
            .Returns((ServiceBusReceivedMessage m, CancellationToken _) => Run(() => _queue.Remove(Locked(m))));
        Receiver.Setup(r => r.AbandonMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<IDictionary<string,
            object>>(), It.IsAny<CancellationToken>()))
            .Returns((ServiceBusReceivedMessage m, IDictionary<string, object> _, CancellationToken _) => Run(()
            => Locked(m).LockToken = null));
        Receiver.Setup(r => r.DeadLetterMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<string>(),
            It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((ServiceBusReceivedMessage m, string reason, string description, CancellationToken _) => Run(() =>
            {
                _queue.Remove(Locked(m));
                DeadLetters.Add((m.MessageId, reason, description));
            }));
        Receiver.Setup(r => r.RenewMessageLockAsync(It.IsAny<ServiceBusReceivedMessage>(),
            It.IsAny<CancellationToken>()))
            .Returns((ServiceBusReceivedMessage m, CancellationToken _) => Run(() => Locked(m)));
        Client.Setup(c => c.CreateSender(It.IsAny<string>())).Returns(Sender.Object);
        Client.Setup(c => c.CreateReceiver(It.IsAny<string>(), It.IsAny<ServiceBusReceiverOptions>())).Returns(
            Receiver.Object);
    }

    public TimeSpan LockDuration { get; }

    public Mock<ServiceBusClient> Client { get; } = new();

    public Mock<ServiceBusSender> Sender { get; } = new();

    public Mock<ServiceBusReceiver> Receiver { get; } = new();

    public List<(string MessageId, string Reason, string Description)> DeadLetters { get; } = [];

    /// <summary>
    /// The lock a settle or renew names must still be held, as the broker checks (MessageLockLost otherwise).
    /// </summary>
    private Entry Locked(ServiceBusReceivedMessage message) =>
        _queue.SingleOrDefault(e => e.LockToken == message.LockToken)
        ?? throw new ServiceBusException($"The lock on message '{message.MessageId}' is not held.",
        ServiceBusFailureReason.MessageLockLost);

    private void Enqueue(ServiceBusMessage message) =>
        _queue.Add(new Entry(message.MessageId, message.Body, message.ContentType, message.Subject, ++_sequence));

    private ServiceBusReceivedMessage? Lock()
    {
        lock (_gate)
        {
            var entry = _queue.FirstOrDefault(e => e.LockToken is null);
            if (entry is null)
            {
                return null;
            }

            var token = Guid.NewGuid();
            entry.LockToken = token.ToString();
            entry.DeliveryCount++;
            return ServiceBusModelFactory.ServiceBusReceivedMessage(
                body: entry.Body,
                messageId: entry.MessageId,
                contentType: entry.ContentType,
                subject: entry.Subject,
                lockTokenGuid: token,
                deliveryCount: entry.DeliveryCount,
                lockedUntil: DateTimeOffset.UtcNow + LockDuration,
                sequenceNumber: entry.SequenceNumber);
        }
    }

    private Task Run(Action action)
    {
        lock (_gate)
        {
            action();
        }

        return Task.CompletedTask;
    }

    private Task Run<T>(Func<T> action) => Run(() => { _ = action(); });

    private sealed class Entry(string messageId, BinaryData body, string contentType, string subject,
        long sequenceNumber)
    {
        public string MessageId { get; } = messageId;

        public BinaryData Body { get; } = body;

        public string ContentType { get; } = contentType;

        public string Subject { get; } = subject;

        public long SequenceNumber { get; } = sequenceNumber;

        public int DeliveryCount { get; set; }

        public string? LockToken { get; set; }
    }
}
