using Hydra.Azure.Configuration;
using Hydra.Azure.Jobs;
using Hydra.Azure.Resilience;
using Hydra.Azure.Storage;
using Hydra.Azure.Transport;
using Hydra.Core.Configuration;
using Hydra.Core.Jobs;
using Hydra.Core.Resilience;
using Hydra.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hydra.Azure;

public static class HydraAzureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Azure adapters as singletons: <see cref="IArtifactStore"/> (blobs, "Hydra:Blobs"),
    /// <see cref="IJobStore"/> (table, "Hydra:Jobs") and <see cref="ITrainerTransport"/> ("Hydra:Transport"). Their
    /// options are bound from <paramref name="configuration"/> and validated when the host starts: a value that is not
    /// allowed stops it with an <see cref="OptionsValidationException"/> naming the setting. The adapters are built on
    /// first use, so a host that never asks for the transport needs no Service Bus settings; a missing connection then
    /// fails with a <see cref="HydraSettingException"/> that names it. Every call of the three goes through the one
    /// storage <see cref="RetryPolicy"/> ("Hydra:Retry"), so an outage of storage or broker is waited out with
    /// bounded, jittered backoff instead of failing the unit, the dispatch or the conversion that made the call.
    /// </summary>
    public static IServiceCollection AddHydraAzure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // A host has registered its configuration already; a bare container (tests) gets this one.
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(new HydraAzureClients(configuration));
        AddValidated<BlobArtifactStoreOptions, BlobArtifactStoreOptionsValidator>(
            services, BlobArtifactStoreOptions.SectionName);
        AddValidated<TableJobStoreOptions, TableJobStoreOptionsValidator>(services, TableJobStoreOptions.SectionName);
        AddValidated<TrainerTransportOptions, TrainerTransportOptionsValidator>(
            services, TrainerTransportOptions.SectionName);
        AddValidated<RetryOptions, RetryOptionsValidator>(services, RetryOptions.SectionName);
        services.TryAddSingleton(sp => StorageRetry.Policy(sp.GetRequiredService<IOptions<RetryOptions>>().Value,
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(StorageRetry))));
        services.TryAddSingleton<IArtifactStore>(sp => new ResilientArtifactStore(new BlobArtifactStore(
            sp.GetRequiredService<HydraAzureClients>().CreateBlobServiceClient(),
            sp.GetRequiredService<IOptions<BlobArtifactStoreOptions>>().Value), sp.GetRequiredService<RetryPolicy>()));
        services.TryAddSingleton<IJobStore>(sp => new ResilientJobStore(new TableJobStore(
            sp.GetRequiredService<HydraAzureClients>().CreateTableServiceClient(),
            sp.GetRequiredService<IOptions<TableJobStoreOptions>>().Value), sp.GetRequiredService<RetryPolicy>()));
        services.TryAddSingleton<ITrainerTransport>(sp => new ResilientTrainerTransport(TrainerTransportFactory.Create(
            sp.GetRequiredService<IOptions<TrainerTransportOptions>>().Value,
            sp.GetRequiredService<HydraAzureClients>(),
            sp.GetService<ILoggerFactory>()), sp.GetRequiredService<RetryPolicy>()));
        return services;
    }

    private static void AddValidated<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : SettingsValidator<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
