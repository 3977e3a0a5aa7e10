using Azure.Storage.Queues;
using Hydra.Azure.Transport;
using Hydra.Core.Jobs;
using Hydra.Testing.Azurite;

namespace Hydra.Azure.Tests.Transport;

/// <summary>The transport contract on an Azurite storage queue, one fresh queue per test.</summary>
[Collection(AzuriteDefinition.Collection)]
public sealed class StorageQueueTransportContractTests : TrainerTransportContract
{
    private readonly QueueServiceClient _service;
    private readonly TrainerTransportOptions _options = new()
    {
        Kind = TrainerTransportKind.StorageQueue,
        QueueName = $"tq-{Guid.NewGuid():N}"
    };

    public StorageQueueTransportContractTests(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        _service = new QueueServiceClient(azurite.ConnectionString);
        Transport = new StorageQueueTrainerTransport(_service, _options);
        OtherWorker = new StorageQueueTrainerTransport(_service, _options);
    }

    protected override ITrainerTransport Transport { get; }

    protected override ITrainerTransport OtherWorker { get; }

    protected override async Task<IReadOnlyList<(string MessageId, string Reason)>> DeadLettersAsync()
    {
        var poison = await PoisonQueue.ReadAllAsync(_service.GetQueueClient(_options.PoisonQueueName));
        return [.. poison.Select(p => (p.MessageId, p.Reason))];
    }
}
