using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Hydra.Core;
using Hydra.Core.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Azure.Transport;

/// <summary>
/// The trainer transport on an Azure Storage queue (the local twin of Service Bus, on Azurite). Bodies are Base64 on
/// the wire, the Functions convention, so a queue-triggered function or Storage Explorer reads them as the JSON sent.
/// Receiving hides the message for <see cref="TrainerTransportOptions.VisibilityTimeout"/>; a message delivered more
/// than
/// <see cref="TrainerTransportOptions.MaxDeliveryCount"/> times is moved to "{queue}-poison" and never handed out.
/// </summary>
/// <remarks>
/// The transport encodes and decodes Base64 itself and expects a client with the SDK's default
/// <see cref="QueueMessageEncoding.None"/>: with the SDK's own Base64 decoding a message that is not Base64 would be
/// held
/// back from the receiver, where this way it is delivered as it is and the worker dead-letters it with a reason.
/// </remarks>
public sealed class StorageQueueTrainerTransport : ITrainerTransport
{
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(100);

    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly TrainerTransportOptions _options;
    private readonly ILogger _logger;
    private volatile bool _queuesReady;

    public StorageQueueTrainerTransport(QueueServiceClient service, TrainerTransportOptions options,
        ILogger<StorageQueueTrainerTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        new TrainerTransportOptionsValidator().ThrowIfInvalid(options);
        _options = options;
        _queue = service.GetQueueClient(options.QueueName);
        _poison = service.GetQueueClient(options.PoisonQueueName);
        _logger = logger ?? NullLogger<StorageQueueTrainerTransport>.Instance;
    }

    public TrainerTransportOptions Options => _options;

    public async Task SendAsync(TrainingWorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await EnsureQueuesAsync(cancellationToken);
        await _queue.SendMessageAsync(Convert.ToBase64String(item.ToJsonBytes()), cancellationToken);
    }

    public async Task<ITrainerDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        await EnsureQueuesAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var pause = FirstPollDelay;
        while (true)
        {
            QueueMessage? message = (await _queue.ReceiveMessageAsync(_options.VisibilityTimeout,
                cancellationToken)).Value;
            if (message is not null)
            {
                var delivery = new StorageQueueDelivery(this, message);
                if (delivery.DeliveryCount <= _options.MaxDeliveryCount)
                {
                    return delivery;
                }

                TransportLog.MovedToPoison(_logger, delivery.MessageId, delivery.DeliveryCount,
                    _options.MaxDeliveryCount, _options.PoisonQueueName);
                await delivery.DeadLetterAsync($"exceeded {_options.MaxDeliveryCount} deliveries", cancellationToken);
                continue;
            }

            // No long polling on storage queues: poll again after a pause that grows up to MaxPollInterval.
            var remaining = maxWait - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(remaining < pause ? remaining : pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.MaxPollInterval.Ticks));
        }
    }

    internal QueueClient Queue => _queue;

    /// <summary>
    /// Decodes a message's text: Base64 as sent here, else the text itself (a malformed message, delivered as is).
    /// </summary>
    internal static byte[] DecodeBody(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(
            text);
    }

    internal async Task SendToPoisonAsync(PoisonMessage poison, CancellationToken cancellationToken)
    {
        TransportLog.DeadLettered(_logger, poison.MessageId, _options.PoisonQueueName, poison.Reason);
        var json = JsonSerializer.SerializeToUtf8Bytes(poison, HydraJson.Options);
        await _poison.SendMessageAsync(Convert.ToBase64String(json), cancellationToken);
    }

    private async Task EnsureQueuesAsync(CancellationToken cancellationToken)
    {
        if (_queuesReady)
        {
            return;
        }

        await _queue.CreateIfNotExistsAsync(metadata: null, cancellationToken);
        await _poison.CreateIfNotExistsAsync(metadata: null, cancellationToken);
        _queuesReady = true;
    }
}
