using System.Diagnostics.CodeAnalysis;
using Hydra.Core.Jobs;

namespace Hydra.Azure.Transport;

/// <summary>
/// What both deliveries share: one operation at a time (a renewal timer may race the settle), settled at most once, and
/// renewals after the settle ignored rather than failed (the timer may fire once more).
/// </summary>
[SuppressMessage("Design", "CA1001",
    Justification = "The gate's wait handle is never created (AvailableWaitHandle is not used), so there is nothing "
        + "to dispose; ITrainerDelivery is not disposable.")]
internal abstract class TrainerDeliveryBase : ITrainerDelivery
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _settled;

    public abstract string MessageId { get; }

    public abstract int DeliveryCount { get; }

    public abstract ReadOnlyMemory<byte> Body { get; }

    public abstract TimeSpan RenewInterval { get; }

    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_settled)
            {
                await RenewCoreAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => SettleAsync(CompleteCoreAsync, cancellationToken);

    public Task AbandonAsync(CancellationToken cancellationToken) => SettleAsync(AbandonCoreAsync, cancellationToken);

    public Task DeadLetterAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return SettleAsync(token => DeadLetterCoreAsync(reason, token), cancellationToken);
    }

    protected abstract Task RenewCoreAsync(CancellationToken cancellationToken);

    protected abstract Task CompleteCoreAsync(CancellationToken cancellationToken);

    protected abstract Task AbandonCoreAsync(CancellationToken cancellationToken);

    protected abstract Task DeadLetterCoreAsync(string reason, CancellationToken cancellationToken);

    private async Task SettleAsync(Func<CancellationToken, Task> settle, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_settled)
            {
                throw new InvalidOperationException(
                    $"Message '{MessageId}' is already settled (completed, abandoned or dead-lettered).");
            }

            // Marked only once the broker accepted it: a failed settle can be retried or followed by another.
            await settle(cancellationToken);
            _settled = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
