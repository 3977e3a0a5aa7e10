using Hydra.Core.Jobs;
using Hydra.Core.Resilience;

namespace Hydra.Azure.Resilience;

/// <summary>
/// A trainer transport whose sends, receives and settlements ride out an outage. A send tried again after a lost
/// answer may put the unit on the queue twice; the worker is built for duplicates (see PipelineUnitRunner). Renewals
/// are not retried here: the heartbeat renews again on its next beat.
/// </summary>
public sealed class ResilientTrainerTransport(ITrainerTransport inner, RetryPolicy policy)
    : ITrainerTransport, IAsyncDisposable, IDisposable
{
    private readonly ITrainerTransport _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly RetryPolicy _policy = policy ?? throw new ArgumentNullException(nameof(policy));

    public ITrainerTransport Inner => _inner;

    public Task SendAsync(TrainingWorkItem item, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.SendAsync(item, token), cancellationToken);

    public async Task<ITrainerDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var delivery = await _policy.ExecuteAsync(token => _inner.ReceiveAsync(maxWait, token), cancellationToken);
        return delivery is null ? null : new Delivery(delivery, _policy);
    }

    public async ValueTask DisposeAsync()
    {
        if (_inner is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else if (_inner is IDisposable plain)
        {
            plain.Dispose();
        }
    }

    /// <summary>
    /// For containers disposed synchronously: the storage-queue transport holds nothing to dispose, the Service Bus
    /// one is disposed asynchronously and waited for.
    /// </summary>
    public void Dispose()
    {
        if (_inner is IDisposable plain)
        {
            plain.Dispose();
        }
        else if (_inner is IAsyncDisposable disposable)
        {
            disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class Delivery(ITrainerDelivery inner, RetryPolicy policy) : ITrainerDelivery
    {
        public string MessageId => inner.MessageId;

        public int DeliveryCount => inner.DeliveryCount;

        public ReadOnlyMemory<byte> Body => inner.Body;

        public TimeSpan RenewInterval => inner.RenewInterval;

        public Task RenewAsync(CancellationToken cancellationToken) => inner.RenewAsync(cancellationToken);

        public Task CompleteAsync(CancellationToken cancellationToken) =>
            policy.ExecuteAsync(inner.CompleteAsync, cancellationToken);

        public Task AbandonAsync(CancellationToken cancellationToken) =>
            policy.ExecuteAsync(inner.AbandonAsync, cancellationToken);

        public Task DeadLetterAsync(string reason, CancellationToken cancellationToken) =>
            policy.ExecuteAsync(token => inner.DeadLetterAsync(reason, token), cancellationToken);
    }
}
