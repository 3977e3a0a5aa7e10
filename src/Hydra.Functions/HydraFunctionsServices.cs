using Hydra.Azure;
using Hydra.Azure.Configuration;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Onnx;
using Hydra.Onnx.Jobs;
using Hydra.Serving.Files;
using Hydra.Serving.Http;
using Hydra.Serving.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Functions;

/// <summary>Everything the function classes need, from configuration; the tests build the same container.</summary>
public static class HydraFunctionsServices
{
    /// <summary>Configuration section of the scorer's bounds (Hydra__Scoring__MaxBatchRows, …).</summary>
    public const string ScoringSection = "Hydra:Scoring";

    public static IServiceCollection AddHydraFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddHydraAzure(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ScoringOptions>().Bind(configuration.GetSection(ScoringSection)).Validate(Valid, "Hydra:Scoring has a bound below 1.").ValidateOnStart();
        services.AddSingleton(sp => new ModelRegistry(sp.GetRequiredService<IArtifactStore>(), JobPaths.ModelsContainer,
            sp.GetRequiredService<IOptions<ScoringOptions>>().Value, sp.GetRequiredService<ILogger<ModelRegistry>>()));
        services.AddSingleton<ScoringHandlers>();
        services.AddSingleton<InferenceProtocolHandlers>();
        services.AddSingleton(sp => new TrainingRequests(sp.GetRequiredService<HydraAzureClients>().CreateQueueServiceClient()));
        services.AddSingleton<JobDispatcher>();
        services.AddSingleton<TrainingRequestProcessor>();
        services.AddSingleton<TrainingJobHandlers>();
        services.AddSingleton(sp => new OnnxExporter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ModelConversionService>();
        services.AddSingleton<BatchScoringService>();
        return services;
    }

    private static bool Valid(ScoringOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
