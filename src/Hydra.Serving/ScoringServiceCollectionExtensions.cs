using Hydra.Serving.Http;
using Hydra.Serving.Scoring;
using Hydra.Serving.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Serving;

/// <summary>The scoring services, composed once for every host: the Function App and <c>hydra serve</c>.</summary>
public static class ScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ScoringOptions"/> (bound from "Hydra:Scoring", validated on start), the
    /// <see cref="ModelRegistry"/> over the models <paramref name="models"/> names, the scorer's telemetry (meter
    /// <see cref="ScoringTelemetry.MeterName"/>) and both HTTP handler sets. The host supplies <c>IConfiguration</c>
    /// and logging, and exports the meter as it likes.
    /// </summary>
    public static IServiceCollection AddHydraScoring(
        this IServiceCollection services, Func<IServiceProvider, ModelStore> models)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(models);
        services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ScoringOptions>, ScoringOptionsValidator>());
        services.AddSingleton(sp =>
        {
            var store = models(sp);
            return new ModelRegistry(store.Store, store.Prefix, sp.GetRequiredService<IOptions<ScoringOptions>>().Value,
                sp.GetRequiredService<ILogger<ModelRegistry>>());
        });
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ScoringTelemetry>();
        services.AddSingleton<ScoringHandlers>();
        services.AddSingleton<InferenceProtocolHandlers>();
        return services;
    }
}
