using System.Net.Sockets;
using Azure;
using Azure.Messaging.ServiceBus;
using Hydra.Azure.Resilience;

namespace Hydra.Azure.Tests.Resilience;

public sealed class StorageFaultsTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(412, false)]
    public void IsTransient_RequestFailed_ByItsStatus(int status, bool transient) =>
        Assert.Equal(transient, StorageFaults.IsTransient(new RequestFailedException(status, "storage said so")));

    [Fact]
    public void IsTransient_NoAnswerAtAll_IsTransient()
    {
        Assert.True(StorageFaults.IsTransient(new HttpRequestException("Connection refused")));
        Assert.True(StorageFaults.IsTransient(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.True(StorageFaults.IsTransient(new IOException("reset by peer")));
    }

    [Fact]
    public void IsTransient_TheSdksExhaustedRetries_IsTransientOnlyWhenEveryInnerFailureIs()
    {
        Assert.True(StorageFaults.IsTransient(new AggregateException(new HttpRequestException("refused"),
            new RequestFailedException(503, "busy"))));
        Assert.False(StorageFaults.IsTransient(new AggregateException(new HttpRequestException("refused"),
            new RequestFailedException(403, "forbidden"))));
    }

    [Fact]
    public void IsTransient_ServiceBus_AsTheBrokerSays()
    {
        Assert.True(StorageFaults.IsTransient(new ServiceBusException(isTransient: true, "busy")));
        Assert.False(StorageFaults.IsTransient(new ServiceBusException(isTransient: false, "gone",
            reason: ServiceBusFailureReason.MessagingEntityNotFound)));
    }

    [Fact]
    public void IsTransient_ABug_IsNot() =>
        Assert.False(StorageFaults.IsTransient(new InvalidOperationException("a bug")));
}
