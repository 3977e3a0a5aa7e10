using Hydra.Core.Jobs;

namespace Hydra.Azure.Tests.Transport;

/// <summary>
/// What every <see cref="ITrainerTransport"/> must do, run against the storage queue (Azurite) and Service Bus (a Moq
/// broker): the worker is written once against this behaviour.
/// </summary>
public abstract class TrainerTransportContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Long enough for Azurite on a busy machine; the fake broker answers at once.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    protected abstract ITrainerTransport Transport { get; }

    /// <summary>A second consumer of the same queue (another worker).</summary>
    protected abstract ITrainerTransport OtherWorker { get; }

    /// <summary>What reached the dead-letter (poison) queue: message id and reason.</summary>
    protected abstract Task<IReadOnlyList<(string MessageId, string Reason)>> DeadLettersAsync();

    [Fact]
    public async Task ReceiveAsync_AfterSend_ReturnsTheSameItemOnItsFirstDelivery()
    {
        var item = TrainingWorkItem.Member("job-1", 2);

        await Transport.SendAsync(item, None);
        var delivery = await Transport.ReceiveAsync(Wait, None);

        Assert.NotNull(delivery);
        Assert.Equal(item, TrainingWorkItem.Parse(delivery.Body.Span));
        Assert.Equal("job-1.member.2", delivery.MessageId);
        Assert.Equal(1, delivery.DeliveryCount);
        Assert.True(delivery.RenewInterval > TimeSpan.Zero);
    }

    [Fact]
    public async Task ReceiveAsync_EmptyQueue_ReturnsNull()
    {
        var delivery = await Transport.ReceiveAsync(TimeSpan.Zero, None);

        Assert.Null(delivery);
    }

    [Fact]
    public async Task ReceiveAsync_TwoItems_DeliversEachOnce()
    {
        await Transport.SendAsync(TrainingWorkItem.Member("job-1", 0), None);
        await Transport.SendAsync(TrainingWorkItem.Distill("job-1"), None);

        var first = await Transport.ReceiveAsync(Wait, None);
        var second = await OtherWorker.ReceiveAsync(Wait, None);
        var third = await Transport.ReceiveAsync(TimeSpan.Zero, None);

        Assert.Equal(["job-1.distill", "job-1.member.0"], new[] { first!.MessageId,
            second!.MessageId }.Order(StringComparer.Ordinal));
        Assert.Null(third);
    }

    [Fact]
    public async Task CompleteAsync_RemovesTheMessage()
    {
        await Transport.SendAsync(TrainingWorkItem.Distill("job-2"), None);
        var delivery = await Transport.ReceiveAsync(Wait, None);

        await delivery!.CompleteAsync(None);
        await delivery.RenewAsync(None);

        Assert.Null(await Transport.ReceiveAsync(TimeSpan.Zero, None));
        Assert.Empty(await DeadLettersAsync());
    }

    [Fact]
    public async Task AbandonAsync_MakesItReceivableAgainWithTheNextDeliveryCount()
    {
        var item = TrainingWorkItem.Member("job-3", 0);
        await Transport.SendAsync(item, None);
        var first = await Transport.ReceiveAsync(Wait, None);

        await first!.AbandonAsync(None);
        var second = await OtherWorker.ReceiveAsync(Wait, None);

        Assert.NotNull(second);
        Assert.Equal(item, TrainingWorkItem.Parse(second.Body.Span));
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task DeadLetterAsync_RemovesTheMessageAndRecordsTheReason()
    {
        await Transport.SendAsync(TrainingWorkItem.Member("job-4", 1), None);
        var delivery = await Transport.ReceiveAsync(Wait, None);

        await delivery!.DeadLetterAsync("unknown dataset 'nope'", None);

        Assert.Null(await Transport.ReceiveAsync(TimeSpan.Zero, None));
        Assert.Equal([("job-4.member.1", "unknown dataset 'nope'")], await DeadLettersAsync());
    }

    [Fact]
    public async Task RenewAsync_KeepsTheMessageFromOtherWorkersAndSettleable()
    {
        await Transport.SendAsync(TrainingWorkItem.Member("job-5", 0), None);
        var delivery = await Transport.ReceiveAsync(Wait, None);

        await delivery!.RenewAsync(None);
        await delivery.RenewAsync(None);
        var other = await OtherWorker.ReceiveAsync(TimeSpan.Zero, None);
        await delivery.CompleteAsync(None);

        Assert.Null(other);
        Assert.Null(await OtherWorker.ReceiveAsync(TimeSpan.Zero, None));
    }

    [Fact]
    public async Task RenewAsync_ThenAbandon_RedeliversTheBodyUnchanged()
    {
        var item = TrainingWorkItem.Member("job-6", 3);
        await Transport.SendAsync(item, None);
        var delivery = await Transport.ReceiveAsync(Wait, None);

        await delivery!.RenewAsync(None);
        await delivery.AbandonAsync(None);
        var again = await Transport.ReceiveAsync(Wait, None);

        Assert.Equal(item, TrainingWorkItem.Parse(again!.Body.Span));
        Assert.Equal(2, again.DeliveryCount);
    }

    [Fact]
    public async Task CompleteAsync_Twice_ThrowsBecauseTheMessageIsSettled()
    {
        await Transport.SendAsync(TrainingWorkItem.Distill("job-7"), None);
        var delivery = await Transport.ReceiveAsync(Wait, None);
        await delivery!.CompleteAsync(None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => delivery.CompleteAsync(None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => delivery.AbandonAsync(None));
    }
}
