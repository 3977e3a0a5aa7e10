using Hydra.Azure.Configuration;
using Hydra.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hydra.Azure.Transport;

/// <summary>
/// Picks the trainer transport from "Hydra:Transport:Kind" (ServiceBus | StorageQueue) and its queue name.
/// </summary>
public static class TrainerTransportFactory
{
    /// <summary>
    /// The transport the options name; a Service Bus transport owns (and disposes) the client made for it.
    /// </summary>
    /// <exception cref="HydraSettingException">The kind is missing, or the connection it needs is not
    /// configured.</exception>
    /// <exception cref="OptionsValidationException">A value is not allowed.</exception>
    public static ITrainerTransport Create(
        TrainerTransportOptions options, HydraAzureClients clients, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        loggerFactory ??= NullLoggerFactory.Instance;
        return options.Kind switch
        {
            TrainerTransportKind.ServiceBus =>
                new ServiceBusTrainerTransport(clients.CreateServiceBusClient(), options, ownsClient: true),
            TrainerTransportKind.StorageQueue => new StorageQueueTrainerTransport(
                clients.CreateQueueServiceClient(), options,
                    loggerFactory.CreateLogger<StorageQueueTrainerTransport>()),
            _ => throw new HydraSettingException($"{TrainerTransportOptions.SectionName}:Kind",
                "No trainer transport configured: set 'Hydra__Transport__Kind' to ServiceBus (Azure) or StorageQueue " +
                "(local, Azurite)."),
        };
    }

    /// <summary>
    /// The same from the "Hydra:Transport" section, for code that runs without a host (<c>hydra worker</c>).
    /// </summary>
    /// <exception cref="HydraSettingException">The kind is missing or unknown, or the connection it needs is not
    /// configured.</exception>
    /// <exception cref="OptionsValidationException">A value is not allowed.</exception>
    public static ITrainerTransport Create(
        IConfiguration configuration, HydraAzureClients clients, ILoggerFactory? loggerFactory = null) =>
        Create(TrainerTransportOptions.FromConfiguration(configuration), clients, loggerFactory);
}
