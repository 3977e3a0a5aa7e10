using System.Collections.Concurrent;
using Hydra.Core.Jobs;

namespace Hydra.Testing;

/// <summary>
/// A trainer transport in memory with the broker semantics the worker relies on: a received message is hidden until
/// settled, abandon makes it visible again with a higher delivery count, dead-letter keeps the reason.
/// </summary>
public sealed class InMemoryTrainerTransport : ITrainerTransport
{
    private readonly ConcurrentQueue<Message> _ready = new();

    public ConcurrentQueue<TrainingWorkItem> Sent { get; } = new();

    public ConcurrentQueue<string> Completed { get; } = new();

    public ConcurrentQueue<(string MessageId, string Reason)> DeadLettered { get; } = new();

    private int _renewals;

    public int Renewals => Volatile.Read(ref _renewals);

    public int Pending => _ready.Count;

    public Task SendAsync(TrainingWorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        Sent.Enqueue(item);
        Enqueue(item.MessageId, item.ToJsonBytes());
        return Task.CompletedTask;
    }

    public void Enqueue(string messageId, byte[] body) => _ready.Enqueue(new Message(messageId, body, 0));

    public Task<ITrainerDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<ITrainerDelivery?>(_ready.TryDequeue(out var message) ? new Delivery(this,
            message with { Deliveries = message.Deliveries + 1 }) : null);
    }

    private sealed record Message(string Id, byte[] Body, int Deliveries);

    private sealed class Delivery(InMemoryTrainerTransport owner, Message message) : ITrainerDelivery
    {
        private int _settled;

        public string MessageId => message.Id;

        public int DeliveryCount => message.Deliveries;

        public ReadOnlyMemory<byte> Body => message.Body;

        public TimeSpan RenewInterval => TimeSpan.FromMilliseconds(50);

        public Task RenewAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._renewals);
            return Task.CompletedTask;
        }

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            Settle();
            owner.Completed.Enqueue(message.Id);
            return Task.CompletedTask;
        }

        public Task AbandonAsync(CancellationToken cancellationToken)
        {
            Settle();
            owner._ready.Enqueue(message);
            return Task.CompletedTask;
        }

        public Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
        {
            Settle();
            owner.DeadLettered.Enqueue((message.Id, reason));
            return Task.CompletedTask;
        }

        private void Settle()
        {
            if (Interlocked.Exchange(ref _settled, 1) != 0)
            {
                throw new InvalidOperationException($"Message {message.Id} settled twice.");
            }
        }
    }
}
