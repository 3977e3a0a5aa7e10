using System.Text;
using Azure.Storage.Queues.Models;
using Hydra.Core.Jobs;

namespace Hydra.Azure.Transport;

/// <summary>
/// One storage-queue message held invisible by this worker. Every update returns a new pop receipt, which the next
/// update, delete or renewal must use: the receipt is replaced under the delivery's gate.
/// </summary>
internal sealed class StorageQueueDelivery : TrainerDeliveryBase
{
    private readonly StorageQueueTrainerTransport _transport;
    private readonly string _queueMessageId;
    private readonly byte[] _body;
    private string _popReceipt;
    private bool _poisonSent;

    public StorageQueueDelivery(StorageQueueTrainerTransport transport, QueueMessage message)
    {
        _transport = transport;
        _queueMessageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _body = StorageQueueTrainerTransport.DecodeBody(message.Body.ToString());
        DeliveryCount = checked((int)message.DequeueCount);
        MessageId = WorkItemIdOr(_body, message.MessageId);
    }

    /// <summary>
    /// The work item's own id (as on Service Bus), or the queue's id when the body is not a work item.
    /// </summary>
    public override string MessageId { get; }

    public override int DeliveryCount { get; }

    public override ReadOnlyMemory<byte> Body => _body;

    public override TimeSpan RenewInterval => _transport.Options.VisibilityTimeout * _transport.Options.RenewFraction;

    protected override async Task RenewCoreAsync(CancellationToken cancellationToken) =>
        await UpdateVisibilityAsync(_transport.Options.VisibilityTimeout, cancellationToken);

    protected override async Task CompleteCoreAsync(CancellationToken cancellationToken) =>
        await _transport.Queue.DeleteMessageAsync(_queueMessageId, _popReceipt, cancellationToken);

    protected override async Task AbandonCoreAsync(CancellationToken cancellationToken) =>
        await UpdateVisibilityAsync(TimeSpan.Zero, cancellationToken);

    protected override async Task DeadLetterCoreAsync(string reason, CancellationToken cancellationToken)
    {
        // Poison copy first, delete second: a crash in between leaves the message to be delivered (and dead-lettered)
        // again, never lost. A retry after a failed delete does not send the copy twice.
        if (!_poisonSent)
        {
            var poison = new PoisonMessage(reason, MessageId, DeliveryCount, Encoding.UTF8.GetString(_body),
                DateTimeOffset.UtcNow);
            await _transport.SendToPoisonAsync(poison, cancellationToken);
            _poisonSent = true;
        }

        await _transport.Queue.DeleteMessageAsync(_queueMessageId, _popReceipt, cancellationToken);
    }

    private static string WorkItemIdOr(byte[] body, string fallback)
    {
        try
        {
            return TrainingWorkItem.Parse(body).MessageId;
        }
        catch (InvalidWorkItemException)
        {
            return fallback;
        }
    }

    private async Task UpdateVisibilityAsync(TimeSpan visibility, CancellationToken cancellationToken)
    {
        // No new text: the service keeps the message's content and only moves its visibility.
        var receipt = await _transport.Queue.UpdateMessageAsync(_queueMessageId, _popReceipt, messageText: null,
            visibility, cancellationToken);
        _popReceipt = receipt.Value.PopReceipt;
    }
}
