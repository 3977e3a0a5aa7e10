using Hydra.Azure.Transport;
using Hydra.Core.Jobs;

namespace Hydra.Azure.Tests.Transport;

/// <summary>The transport contract on Service Bus, against the Moq broker.</summary>
public sealed class ServiceBusTransportContractTests : TrainerTransportContract
{
    private readonly FakeServiceBusBroker _broker = new(TimeSpan.FromMinutes(5));

    public ServiceBusTransportContractTests()
    {
        var options = new TrainerTransportOptions { Kind = TrainerTransportKind.ServiceBus };
        Transport = new ServiceBusTrainerTransport(_broker.Client.Object, options);
        OtherWorker = new ServiceBusTrainerTransport(_broker.Client.Object, options);
    }

    protected override ITrainerTransport Transport { get; }

    protected override ITrainerTransport OtherWorker { get; }

    protected override Task<IReadOnlyList<(string MessageId, string Reason)>> DeadLettersAsync() =>
        Task.FromResult<IReadOnlyList<(string, string)>>([.. _broker.DeadLetters.Select(d => (d.MessageId, d.Reason))]);
}
