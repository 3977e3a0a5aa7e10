using Azure.Messaging.ServiceBus;
using Hydra.Azure.Transport;
using Hydra.Core.Jobs;
using Moq;

namespace Hydra.Azure.Tests.Transport;

/// <summary>The exact Service Bus SDK calls the transport makes, verified on the mocks.</summary>
public sealed class ServiceBusTrainerTransportTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeServiceBusBroker _broker = new(TimeSpan.FromMinutes(5));
    private readonly TrainerTransportOptions _options = new()
    {
        Kind = TrainerTransportKind.ServiceBus,
        QueueName = "training-jobs"
    };

    [Fact]
    public void Constructor_Queue_CreatesASenderAndAPeekLockReceiverWithoutPrefetch()
    {
        _ = new ServiceBusTrainerTransport(_broker.Client.Object, _options);

        _broker.Client.Verify(c => c.CreateSender("training-jobs"), Times.Once);
        _broker.Client.Verify(c => c.CreateReceiver("training-jobs", It.Is<ServiceBusReceiverOptions>(o =>
            o.ReceiveMode == ServiceBusReceiveMode.PeekLock && o.PrefetchCount == 0)), Times.Once);
    }

    [Fact]
    public async Task SendAsync_Member_SendsJsonWithTheDeterministicIdContentTypeAndKind()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);
        var item = TrainingWorkItem.Member("job-1", 4);

        await transport.SendAsync(item, None);

        _broker.Sender.Verify(s => s.SendMessageAsync(It.Is<ServiceBusMessage>(m =>
            m.MessageId == "job-1.member.4" &&
            m.ContentType == "application/json" &&
            m.Subject == "member" &&
            (string)m.ApplicationProperties["job_id"] == "job-1" &&
            m.Body.ToArray().SequenceEqual(item.ToJsonBytes())), None), Times.Once);
    }

    [Fact]
    public async Task SendAsync_Distill_UsesTheDistillSubject()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);

        await transport.SendAsync(TrainingWorkItem.Distill("job-1"), None);

        _broker.Sender.Verify(s => s.SendMessageAsync(It.Is<ServiceBusMessage>(m => m.MessageId == "job-1.distill"
            && m.Subject == "distill"), None), Times.Once);
    }

    [Fact]
    public async Task ReceiveAsync_ZeroWait_AsksServiceBusForAPositiveWait()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);

        await transport.ReceiveAsync(TimeSpan.Zero, None);
        await transport.ReceiveAsync(TimeSpan.FromSeconds(30), None);

        _broker.Receiver.Verify(r => r.ReceiveMessageAsync(TimeSpan.FromSeconds(1), None), Times.Once);
        _broker.Receiver.Verify(r => r.ReceiveMessageAsync(TimeSpan.FromSeconds(30), None), Times.Once);
    }

    [Fact]
    public async Task SettleAndRenew_CallTheReceiverWithTheReceivedMessage()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);
        await transport.SendAsync(TrainingWorkItem.Member("job-2", 0), None);
        await transport.SendAsync(TrainingWorkItem.Member("job-2", 1), None);
        var first = await transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);
        var second = await transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);

        await first!.RenewAsync(None);
        await first.CompleteAsync(None);
        await second!.AbandonAsync(None);

        _broker.Receiver.Verify(r => r.RenewMessageLockAsync(It.Is<ServiceBusReceivedMessage>(m
            => m.MessageId == "job-2.member.0"), None), Times.Once);
        _broker.Receiver.Verify(r => r.CompleteMessageAsync(It.Is<ServiceBusReceivedMessage>(m
            => m.MessageId == "job-2.member.0"), None), Times.Once);
        _broker.Receiver.Verify(r => r.AbandonMessageAsync(It.Is<ServiceBusReceivedMessage>(m
            => m.MessageId == "job-2.member.1"), null, None), Times.Once);
    }

    [Fact]
    public async Task DeadLetterAsync_Reason_PassesItWithADescriptionNamingTheDelivery()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);
        await transport.SendAsync(TrainingWorkItem.Distill("job-3"), None);
        var delivery = await transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);

        await delivery!.DeadLetterAsync("Not a training work item: bad job id 'X'.", None);

        _broker.Receiver.Verify(r => r.DeadLetterMessageAsync(
            It.Is<ServiceBusReceivedMessage>(m => m.MessageId == "job-3.distill"),
            "Not a training work item: bad job id 'X'.",
            "Dead-lettered by the Hydra trainer on delivery 1.",
            None), Times.Once);
    }

    [Fact]
    public async Task DeadLetterAsync_VeryLongReason_IsCutTo1024Characters()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);
        await transport.SendAsync(TrainingWorkItem.Distill("job-4"), None);
        var delivery = await transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);
        var reason = new string('r', 1000) + new string('s', 500);

        await delivery!.DeadLetterAsync(reason, None);

        Assert.Equal(reason[..1024], Assert.Single(_broker.DeadLetters).Reason);
    }

    [Fact]
    public async Task DeadLetterAsync_BlankReason_IsRefusedAndLeavesTheMessageLocked()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);
        await transport.SendAsync(TrainingWorkItem.Distill("job-5"), None);
        var delivery = await transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);

        await Assert.ThrowsAsync<ArgumentException>(() => delivery!.DeadLetterAsync(" ", None));

        _broker.Receiver.Verify(r => r.DeadLetterMessageAsync(It.IsAny<ServiceBusReceivedMessage>(),
            It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        await delivery!.CompleteAsync(None);
    }

    [Fact]
    public async Task RenewInterval_LockAsConfigured_IsTheConfiguredFractionOfTheLockDuration()
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options);
        await transport.SendAsync(TrainingWorkItem.Distill("job-6"), None);

        var delivery = await transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);

        // A third of the lock still left when the transport looked, which is the full 5 min less the instant since
        // receipt.
        Assert.InRange(delivery!.RenewInterval, (TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(15)) / 3,
            TimeSpan.FromMinutes(5) / 3);
    }

    [Fact]
    public async Task RenewInterval_QueueLockShorterThanConfigured_FollowsTheMessagesLock()
    {
        var shortLock = new FakeServiceBusBroker(TimeSpan.FromSeconds(30));
        var transport = new ServiceBusTrainerTransport(shortLock.Client.Object, _options);
        await transport.SendAsync(TrainingWorkItem.Distill("job-7"), None);

        var delivery = await transport.ReceiveAsync(TimeSpan.FromSeconds(1), None);

        // A third of what is left of a 30 s lock: at most 10 s, and nowhere near the 100 s a 5 min lock would give.
        Assert.InRange(delivery!.RenewInterval, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task DisposeAsync_DisposesTheClientOnlyWhenItOwnsIt(bool ownsClient, int clientDisposals)
    {
        var transport = new ServiceBusTrainerTransport(_broker.Client.Object, _options, ownsClient);

        await transport.DisposeAsync();

        _broker.Receiver.Verify(r => r.DisposeAsync(), Times.Once);
        _broker.Sender.Verify(s => s.DisposeAsync(), Times.Once);
        _broker.Client.Verify(c => c.DisposeAsync(), Times.Exactly(clientDisposals));
    }
}
