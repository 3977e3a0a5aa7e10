using Hydra.Azure.Configuration;
using Hydra.Azure.Transport;
using Microsoft.Extensions.Options;

namespace Hydra.Azure.Tests.Configuration;

public sealed class TrainerTransportFactoryTests
{
    private const string ServiceBusConnectionString =
        "Endpoint=sb://hydra-ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=bm90LWEtcmVhbC1rZXk=";

    [Fact]
    public void Create_StorageQueueKind_BuildsTheStorageQueueTransportOnTheNamedQueue()
    {
        var configuration = HydraAzureClientsTests.Configuration(
            ("HydraStorage", "UseDevelopmentStorage=true"), ("Hydra:Transport:Kind", "StorageQueue"),
                ("Hydra:Transport:QueueName", "jobs-local"));

        var transport = TrainerTransportFactory.Create(configuration, new HydraAzureClients(configuration));

        var storageQueue = Assert.IsType<StorageQueueTrainerTransport>(transport);
        Assert.Equal("jobs-local", storageQueue.Options.QueueName);
        Assert.Equal("jobs-local-poison", storageQueue.Options.PoisonQueueName);
    }

    [Theory]
    [InlineData("ServiceBus")]
    [InlineData("servicebus")]
    public async Task Create_ServiceBusKind_BuildsTheServiceBusTransportWithTheDefaultQueue(string kind)
    {
        var configuration = HydraAzureClientsTests.Configuration(("HydraServiceBus", ServiceBusConnectionString),
            ("Hydra:Transport:Kind", kind));

        var transport = TrainerTransportFactory.Create(configuration, new HydraAzureClients(configuration));

        var serviceBus = Assert.IsType<ServiceBusTrainerTransport>(transport);
        Assert.Equal("training-jobs", serviceBus.Options.QueueName);
        await serviceBus.DisposeAsync();
    }

    [Fact]
    public void Create_NoKind_NamesTheKindSetting()
    {
        var configuration = HydraAzureClientsTests.Configuration(("HydraStorage", "UseDevelopmentStorage=true"));

        var error = Assert.Throws<HydraSettingException>(() => TrainerTransportFactory.Create(configuration,
            new HydraAzureClients(configuration)));

        Assert.Equal("Hydra:Transport:Kind", error.Setting);
        Assert.Contains("Hydra__Transport__Kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownKind_NamesTheTransportSection()
    {
        var configuration = HydraAzureClientsTests.Configuration(("Hydra:Transport:Kind", "Kafka"));

        var error = Assert.Throws<HydraSettingException>(() => TrainerTransportFactory.Create(configuration,
            new HydraAzureClients(configuration)));

        Assert.Equal("Hydra:Transport", error.Setting);
    }

    [Fact]
    public void Create_ServiceBusKindWithoutServiceBusSettings_NamesTheMissingConnection()
    {
        var configuration = HydraAzureClientsTests.Configuration(("HydraStorage", "UseDevelopmentStorage=true"),
            ("Hydra:Transport:Kind", "ServiceBus"));

        var error = Assert.Throws<HydraSettingException>(() => TrainerTransportFactory.Create(configuration,
            new HydraAzureClients(configuration)));

        Assert.Equal("HydraServiceBus:fullyQualifiedNamespace", error.Setting);
    }

    [Fact]
    public void FromConfiguration_RenewFractionOutOfRange_NamesTheSetting()
    {
        var configuration = HydraAzureClientsTests.Configuration(("Hydra:Transport:RenewFraction", "1.5"));

        var error = Assert.Throws<OptionsValidationException>(
            () => TrainerTransportOptions.FromConfiguration(configuration));

        Assert.Equal(
            "Hydra:Transport:RenewFraction (env Hydra__Transport__RenewFraction) is 1.5, " +
            "but must be strictly between 0 and 1.",
            error.Message);
    }
}
