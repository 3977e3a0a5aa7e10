using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Hydra.Core.Jobs;

namespace Hydra.Azure.Transport;

/// <summary>
/// The trainer transport on an Azure Service Bus queue. Messages carry the work item's deterministic id, so the queue's
/// duplicate detection drops a second send of the same unit; receiving is peek-lock, and the queue's max delivery count
/// dead-letters a message that keeps failing.
/// </summary>
public sealed class ServiceBusTrainerTransport : ITrainerTransport, IAsyncDisposable
{
    public const string JsonContentType = "application/json";

    /// <summary>Service Bus needs a positive wait; a "just look" receive waits this long.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly ServiceBusClient _client;
    private readonly bool _ownsClient;
    private readonly ServiceBusSender _sender;
    private readonly ServiceBusReceiver _receiver;
    private readonly TrainerTransportOptions _options;

    /// <param name="ownsClient">Dispose <paramref name="client"/> with the transport (when the transport's factory made
    /// it).</param>
    public ServiceBusTrainerTransport(ServiceBusClient client, TrainerTransportOptions options, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        new TrainerTransportOptionsValidator().ThrowIfInvalid(options);
        _client = client;
        _ownsClient = ownsClient;
        _options = options;
        _sender = client.CreateSender(options.QueueName);
        _receiver = client.CreateReceiver(options.QueueName, new ServiceBusReceiverOptions
        {
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            // Units take minutes to hours: a prefetched message's lock would run out before the worker got to it.
            PrefetchCount = 0,
        });
    }

    public TrainerTransportOptions Options => _options;

    public async Task SendAsync(TrainingWorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var message = new ServiceBusMessage(item.ToJsonBytes())
        {
            MessageId = item.MessageId,
            ContentType = JsonContentType,
            Subject = JsonNamingPolicy.SnakeCaseLower.ConvertName(item.Kind.ToString()),
        };
        message.ApplicationProperties["job_id"] = item.JobId;
        await _sender.SendMessageAsync(message, cancellationToken);
    }

    public async Task<ITrainerDelivery?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        var message = await _receiver.ReceiveMessageAsync(maxWait < MinimumWait ? MinimumWait : maxWait,
            cancellationToken);
        return message is null ? null : new ServiceBusDelivery(_receiver, message, RenewInterval(message));
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _sender.DisposeAsync();
        if (_ownsClient)
        {
            await _client.DisposeAsync();
        }
    }

    /// <summary>
    /// A fraction of the configured lock duration, or of what is left of this message's lock when that is shorter (a
    /// queue configured with a shorter lock than the settings say still gets renewed in time).
    /// </summary>
    private TimeSpan RenewInterval(ServiceBusReceivedMessage message)
    {
        var interval = _options.LockDuration * _options.RenewFraction;
        var left = message.LockedUntil - DateTimeOffset.UtcNow;
        if (left > TimeSpan.Zero && left * _options.RenewFraction < interval)
        {
            interval = left * _options.RenewFraction;
        }

        return interval;
    }
}
