using Hydra.Azure.Configuration;
using Hydra.Azure.Jobs;
using Hydra.Azure.Storage;
using Hydra.Azure.Transport;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Hydra.Azure;

public static class HydraAzureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Azure adapters as singletons: <see cref="IArtifactStore"/> (blobs), <see cref="IJobStore"/> (table
    /// "Hydra:Jobs:TableName") and <see cref="ITrainerTransport"/> ("Hydra:Transport:Kind"). Each is built on first use,
    /// so a host that never asks for the transport needs no Service Bus settings; a missing setting then fails with a
    /// <see cref="HydraSettingException"/> that names it.
    /// </summary>
    public static IServiceCollection AddHydraAzure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(new HydraAzureClients(configuration));
        services.TryAddSingleton<IArtifactStore>(sp => new BlobArtifactStore(sp.GetRequiredService<HydraAzureClients>().CreateBlobServiceClient()));
        services.TryAddSingleton<IJobStore>(sp => new TableJobStore(
            sp.GetRequiredService<HydraAzureClients>().CreateTableServiceClient(), TableJobStoreOptions.FromConfiguration(configuration)));
        services.TryAddSingleton(sp => TrainerTransportFactory.Create(
            configuration, sp.GetRequiredService<HydraAzureClients>(), sp.GetService<ILoggerFactory>()));
        return services;
    }
}
