using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Hydra.Core;
using Hydra.Core.Jobs;

namespace Hydra.Functions.Jobs;

/// <summary>
/// The "training-requests" storage queue (and its poison twin): where accepted HTTP submissions go, and where clients
/// may put requests directly. Messages are Base64, as the Functions queue trigger expects.
/// </summary>
public sealed class TrainingRequests
{
    public const string QueueName = "training-requests";
    public const string PoisonQueueName = QueueName + "-poison";

    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private int _created;

    public TrainingRequests(QueueServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _queue = service.GetQueueClient(QueueName);
        _poison = service.GetQueueClient(PoisonQueueName);
    }

    public async Task SendAsync(TrainingJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await EnsureQueuesAsync(cancellationToken);
        await _queue.SendMessageAsync(Base64(JsonSerializer.SerializeToUtf8Bytes(request, HydraJson.Options)),
            cancellationToken);
    }

    /// <summary>Parks a request that can never run, with the reason, so an operator can see and replay it.</summary>
    public async Task SendPoisonAsync(string messageId, ReadOnlyMemory<byte> body, string reason,
        CancellationToken cancellationToken)
    {
        await EnsureQueuesAsync(cancellationToken);
        var envelope = new Dictionary<string, object?>
        {
            ["reason"] = reason,
            ["message_id"] = messageId,
            ["body"] = Encoding.UTF8.GetString(body.Span),
        };
        await _poison.SendMessageAsync(Base64(JsonSerializer.SerializeToUtf8Bytes(envelope, HydraJson.Options)),
            cancellationToken);
    }

    private static string Base64(byte[] utf8) => Convert.ToBase64String(utf8);

    private async Task EnsureQueuesAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref _created, 1);
        }
    }
}
