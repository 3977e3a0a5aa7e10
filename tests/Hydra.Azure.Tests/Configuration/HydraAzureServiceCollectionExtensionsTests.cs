using Hydra.Azure.Jobs;
using Hydra.Azure.Resilience;
using Hydra.Azure.Storage;
using Hydra.Azure.Transport;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Hydra.Azure.Tests.Configuration;

public sealed class HydraAzureServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddHydraAzure_LocalSettings_ResolvesTheBlobStoreTableStoreAndStorageQueueTransportWithRetries()
    {
        var configuration = HydraAzureClientsTests.Configuration(
            ("HydraStorage", "UseDevelopmentStorage=true"), ("Hydra:Transport:Kind", "StorageQueue"),
                ("Hydra:Jobs:TableName", "hydrajobs"));
        await using var provider = new ServiceCollection().AddHydraAzure(configuration).BuildServiceProvider();

        var store = provider.GetRequiredService<IArtifactStore>();
        var jobs = provider.GetRequiredService<IJobStore>();
        var transport = provider.GetRequiredService<ITrainerTransport>();

        Assert.IsType<BlobArtifactStore>(Assert.IsType<ResilientArtifactStore>(store).Inner);
        Assert.IsType<TableJobStore>(Assert.IsType<ResilientJobStore>(jobs).Inner);
        Assert.IsType<StorageQueueTrainerTransport>(Assert.IsType<ResilientTrainerTransport>(transport).Inner);
        Assert.Same(transport, provider.GetRequiredService<ITrainerTransport>());
    }
}
