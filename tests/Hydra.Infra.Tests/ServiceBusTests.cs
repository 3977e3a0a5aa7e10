namespace Hydra.Infra.Tests;

public sealed class ServiceBusTests
{
    private static readonly TemplateScope ServiceBus = CompiledTemplate.Root.Module("servicebus");

    [Fact]
    public void Namespace_LocalAuth_IsDisabled()
    {
        var properties = ServiceBus.ResourcesOfType("Microsoft.ServiceBus/namespaces").Single().GetProperty(
            "properties");

        Assert.True(properties.GetProperty("disableLocalAuth").GetBoolean());
        Assert.Equal("1.2", properties.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void TrainingQueue_Settings_MatchThePipelineContract()
    {
        var queue = ServiceBus.ResourcesOfType("Microsoft.ServiceBus/namespaces/queues").Single();
        var properties = queue.GetProperty("properties");

        Assert.Equal("training-jobs", ServiceBus.Resolve("[parameters('queueName')]"));
        Assert.EndsWith("parameters('queueName'))]", queue.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("PT5M", properties.GetProperty("lockDuration").GetString());
        Assert.Equal(5, properties.GetProperty("maxDeliveryCount").GetInt32());
        Assert.True(properties.GetProperty("deadLetteringOnMessageExpiration").GetBoolean());
        Assert.Equal("P7D", properties.GetProperty("defaultMessageTimeToLive").GetString());
        Assert.False(properties.GetProperty("requiresSession").GetBoolean());
    }
}
