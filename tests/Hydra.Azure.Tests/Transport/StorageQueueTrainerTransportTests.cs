using System.Text;
using Azure.Storage.Queues;
using Hydra.Azure.Transport;
using Hydra.Core.Jobs;
using Hydra.Testing.Azurite;

namespace Hydra.Azure.Tests.Transport;

/// <summary>
/// What only the storage queue has: Base64 on the wire, pop receipts, visibility, and the poison queue.
/// </summary>
[Collection(AzuriteDefinition.Collection)]
public sealed class StorageQueueTrainerTransportTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly string _connectionString;
    private readonly QueueServiceClient _service;
    private readonly string _queueName = $"tq-{Guid.NewGuid():N}";

    public StorageQueueTrainerTransportTests(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        _connectionString = azurite.ConnectionString;
        _service = new QueueServiceClient(_connectionString);
    }

    [Fact]
    public async Task SendAsync_WorkItem_PutsBase64OfItsJsonOnTheWire()
    {
        var transport = CreateTransport();
        var item = TrainingWorkItem.Member("job-1", 0);

        await transport.SendAsync(item, None);

        var raw = new QueueClient(_connectionString, _queueName);
        var text = (await raw.PeekMessageAsync(None)).Value.Body.ToString();
        Assert.Equal(Convert.ToBase64String(item.ToJsonBytes()), text);
    }

    [Fact]
    public async Task SendAsync_WorkItem_ReadsAsTheJsonThroughTheFunctionsBase64Encoding()
    {
        var transport = CreateTransport();
        var item = TrainingWorkItem.Distill("job-1");

        await transport.SendAsync(item, None);

        var functionsStyle = new QueueClient(_connectionString, _queueName,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var body = (await functionsStyle.PeekMessageAsync(None)).Value.Body;
        Assert.Equal(item, TrainingWorkItem.Parse(body.ToMemory().Span));
    }

    [Fact]
    public async Task RenewAsync_Repeatedly_KeepsThePopReceiptCurrentSoCompleteStillWorks()
    {
        var transport = CreateTransport();
        await transport.SendAsync(TrainingWorkItem.Member("job-2", 1), None);
        var delivery = await transport.ReceiveAsync(Wait, None);

        // Each update invalidates the receipt before it: a stale one would fail the second renewal or the delete.
        await delivery!.RenewAsync(None);
        await delivery.RenewAsync(None);
        await delivery.RenewAsync(None);
        await delivery.CompleteAsync(None);

        var raw = new QueueClient(_connectionString, _queueName);
        Assert.Equal(0, (await raw.GetPropertiesAsync(None)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task RenewAsync_BeforeTheVisibilityTimeout_KeepsTheMessageHiddenPastTheOriginalTimeout()
    {
        var options = Options(visibility: TimeSpan.FromSeconds(4));
        var worker = new StorageQueueTrainerTransport(_service, options);
        var other = new StorageQueueTrainerTransport(_service, options);
        await worker.SendAsync(TrainingWorkItem.Member("job-3", 0), None);
        var delivery = await worker.ReceiveAsync(Wait, None);

        // Renewed at ~3 s for another 4 s, looked at ~5 s: 1 s past the original timeout, 2 s inside the renewed one.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await delivery!.RenewAsync(None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var stolen = await other.ReceiveAsync(TimeSpan.Zero, None);

        Assert.Null(stolen);
        await delivery.CompleteAsync(None);
    }

    [Fact]
    public async Task ReceiveAsync_DeliveryBeyondMaxDeliveryCount_MovesItToPoisonWithTheReason()
    {
        var transport = CreateTransport(Options(maxDeliveryCount: 2));
        var item = TrainingWorkItem.Member("job-4", 2);
        await transport.SendAsync(item, None);
        for (var i = 0; i < 2; i++)
        {
            await (await transport.ReceiveAsync(Wait, None))!.AbandonAsync(None);
        }

        var third = await transport.ReceiveAsync(TimeSpan.Zero, None);

        Assert.Null(third);
        var poison = Assert.Single(await PoisonQueue.ReadAllAsync(_service.GetQueueClient(_queueName + "-poison")));
        Assert.Equal("exceeded 2 deliveries", poison.Reason);
        Assert.Equal("job-4.member.2", poison.MessageId);
        Assert.Equal(3, poison.DeliveryCount);
        Assert.Equal(Encoding.UTF8.GetString(item.ToJsonBytes()), poison.Body);
        Assert.Equal(0, (await _service.GetQueueClient(_queueName).GetPropertiesAsync(
            None)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task ReceiveAsync_PoisonFirstThenAGoodMessage_SkipsToTheGoodOne()
    {
        var transport = CreateTransport(Options(maxDeliveryCount: 1));
        await transport.SendAsync(TrainingWorkItem.Member("job-5", 0), None);
        await (await transport.ReceiveAsync(Wait, None))!.AbandonAsync(None);
        await transport.SendAsync(TrainingWorkItem.Member("job-5", 1), None);

        var delivery = await transport.ReceiveAsync(Wait, None);

        Assert.Equal("job-5.member.1", delivery!.MessageId);
        Assert.Equal("job-5.member.0", Assert.Single(await PoisonQueue.ReadAllAsync(_service.GetQueueClient(_queueName
            + "-poison"))).MessageId);
    }

    [Theory]
    [InlineData(true, "not json at all")]
    [InlineData(false, "{\"job_id\": oops")]
    public async Task ReceiveAsync_MalformedBody_IsDeliveredAsItIsUnderTheQueuesMessageId(bool base64, string text)
    {
        var transport = CreateTransport();
        await _service.GetQueueClient(_queueName).CreateIfNotExistsAsync(metadata: null, None);
        var raw = new QueueClient(_connectionString, _queueName);
        var sent = await raw.SendMessageAsync(base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : text,
            None);

        var delivery = await transport.ReceiveAsync(Wait, None);

        Assert.Equal(text, Encoding.UTF8.GetString(delivery!.Body.Span));
        Assert.Equal(sent.Value.MessageId, delivery.MessageId);
        Assert.Throws<InvalidWorkItemException>(() => TrainingWorkItem.Parse(delivery.Body.Span));
    }

    [Fact]
    public async Task DeadLetterAsync_MalformedBody_KeepsTheOriginalTextInThePoisonEnvelope()
    {
        var transport = CreateTransport();
        await _service.GetQueueClient(_queueName).CreateIfNotExistsAsync(metadata: null, None);
        await new QueueClient(_connectionString, _queueName).SendMessageAsync(Convert.ToBase64String(
            "{\"kind\":\"member\"}"u8), None);
        var delivery = await transport.ReceiveAsync(Wait, None);

        await delivery!.DeadLetterAsync("Not a training work item: bad job id ''.", None);

        var poison = Assert.Single(await PoisonQueue.ReadAllAsync(_service.GetQueueClient(_queueName + "-poison")));
        Assert.Equal("{\"kind\":\"member\"}", poison.Body);
        Assert.Equal("Not a training work item: bad job id ''.", poison.Reason);
        Assert.Equal(1, poison.DeliveryCount);
    }

    [Fact]
    public async Task RenewInterval_IsTheConfiguredFractionOfTheVisibilityTimeout()
    {
        var transport = CreateTransport(Options(visibility: TimeSpan.FromSeconds(30)));
        await transport.SendAsync(TrainingWorkItem.Distill("job-6"), None);

        var delivery = await transport.ReceiveAsync(Wait, None);

        Assert.Equal(TimeSpan.FromSeconds(10), delivery!.RenewInterval);
    }

    private TrainerTransportOptions Options(TimeSpan? visibility = null, int maxDeliveryCount = 5) => new()
    {
        Kind = TrainerTransportKind.StorageQueue,
        QueueName = _queueName,
        VisibilityTimeout = visibility ?? TimeSpan.FromMinutes(5),
        MaxDeliveryCount = maxDeliveryCount,
    };

    private StorageQueueTrainerTransport CreateTransport(TrainerTransportOptions? options = null) => new(_service,
        options ?? Options());
}
