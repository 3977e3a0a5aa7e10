using System.Threading.Channels;
using Hydra.Chaos.Check;
using Hydra.Onnx.Jobs;

namespace Hydra.Chaos.Run;

/// <summary>
/// Event Grid and the ConvertToOnnx blob trigger: every blob-created event for "checkpoints/{jobId}/{kind}/model.json"
/// (raised by the observer when a card appears, or replayed as a fault) runs the conversion, at most
/// maxDegreeOfParallelism at once; a failed run is tried again after the host's retry delay, and after
/// poisonBlobThreshold tries the event is given up (as the host parks it on "webjobs-blobtrigger-poison", without a
/// reason).
/// </summary>
internal sealed class ConversionTrigger(FunctionsHost host, HostSettings settings, FaultLog log)
{
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    private readonly Channel<BlobEvent> _events = Channel.CreateUnbounded<BlobEvent>();
    private readonly List<PoisonEntry> _poisoned = [];
    private int _pending;
    private int _converted;

    public int Pending => Volatile.Read(ref _pending);

    public int Converted => Volatile.Read(ref _converted);

    public IReadOnlyList<PoisonEntry> Poisoned
    {
        get
        {
            lock (_poisoned)
            {
                return [.. _poisoned];
            }
        }
    }

    /// <summary>Raises a blob-created event for a card path ("checkpoints/{jobId}/{kind}/model.json").</summary>
    public void Raise(string cardPath, bool replay)
    {
        var parts = cardPath.Split('/');
        if (parts.Length != 4)
        {
            return;
        }

        Interlocked.Increment(ref _pending);
        _events.Writer.TryWrite(new BlobEvent(cardPath, parts[1], parts[2], 1, replay));
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.BlobParallelism).Select(_ => ConsumeAsync(cancellationToken)));

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var blobEvent in _events.Reader.ReadAllAsync(cancellationToken))
            {
                await HandleAsync(blobEvent, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private async Task HandleAsync(BlobEvent blobEvent, CancellationToken cancellationToken)
    {
        if (!await ReachableAsync(cancellationToken))
        {
            // The host keeps its blob events on a storage queue: with storage away nothing is dequeued, so no try is
            // spent; the event waits.
            _ = RetryLaterAsync(blobEvent, cancellationToken);
            return;
        }

        try
        {
            // The trigger binds the blob's content first: a missing or unreachable blob fails the invocation.
            var container = host.Blobs.GetBlobContainerClient("checkpoints");
            await container.GetBlobClient(blobEvent.Path["checkpoints/".Length..]).DownloadContentAsync(
                cancellationToken);
            var outcome = await host.Conversion.ConvertAsync(blobEvent.JobId, blobEvent.Kind, cancellationToken);
            if (outcome.Result == ConversionResult.Converted)
            {
                Interlocked.Increment(ref _converted);
            }

            if (outcome.Result != ConversionResult.Ignored)
            {
                log.Write("convert", $"{blobEvent.JobId}/{blobEvent.Kind}{(blobEvent.Replay ? " (replay)" : "")}: "
                    + $"{outcome.Result}{(outcome.Reason is null ? "" : $" — {outcome.Reason}")}");
            }

            Interlocked.Decrement(ref _pending);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception e)
        {
            log.Write("convert-fail", $"{blobEvent.JobId}/{blobEvent.Kind} try {blobEvent.Attempt}: "
                + RequestQueueTrigger.Describe(e));
            if (blobEvent.Attempt >= settings.PoisonBlobThreshold)
            {
                lock (_poisoned)
                {
                    _poisoned.Add(new PoisonEntry(PoisonQueue, null, blobEvent.Path));
                }

                log.Write("host-poison", $"blob event {blobEvent.Path} given up after {blobEvent.Attempt} tries");
                Interlocked.Decrement(ref _pending);
                return;
            }

            _ = RetryLaterAsync(blobEvent with { Attempt = blobEvent.Attempt + 1 }, cancellationToken);
        }
    }

    private async Task<bool> ReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await host.Blobs.GetBlobContainerClient("checkpoints").ExistsAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RetryLaterAsync(BlobEvent blobEvent, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(settings.RetryDelay, cancellationToken);
            _events.Writer.TryWrite(blobEvent);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private sealed record BlobEvent(string Path, string JobId, string Kind, int Attempt, bool Replay);
}
