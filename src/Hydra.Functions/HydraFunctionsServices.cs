using Hydra.Azure;
using Hydra.Azure.Configuration;
using Hydra.Core.Data;
using Hydra.Core.Datasets;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Hydra.Onnx;
using Hydra.Onnx.Jobs;
using Hydra.Serving;
using Hydra.Serving.Files;
using Hydra.Serving.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hydra.Functions;

/// <summary>Everything the function classes need, from configuration; the tests build the same container.</summary>
public static class HydraFunctionsServices
{
    /// <summary>
    /// The Azure adapters, the scoring services <c>hydra serve</c> composes the same way (over the blob store's
    /// "models" container here) and the job services. Options are bound from configuration and validated when the host
    /// starts: a setting that is not allowed stops it with an OptionsValidationException that names the setting.
    /// </summary>
    public static IServiceCollection AddHydraFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddHydraAzure(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddHydraScoring(
            sp => new ModelStore(sp.GetRequiredService<IArtifactStore>(), JobPaths.ModelsContainer));
        services.AddSingleton(sp
            => new TrainingRequests(sp.GetRequiredService<HydraAzureClients>().CreateQueueServiceClient()));
        services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatasetOptions>, DatasetOptionsValidator>();
        // The worker's data limits, bound the same way, so inspecting a table here stops where loading it would.
        services.AddOptions<DataLimits>().BindConfiguration(DataLimits.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataLimits>, DataLimitsValidator>();
        services.AddSingleton(sp => new DatasetStore(sp.GetRequiredService<IArtifactStore>(),
            sp.GetRequiredService<IOptions<DatasetOptions>>().Value,
            sp.GetRequiredService<IOptions<DataLimits>>().Value));
        services.AddOptions<TeacherOptions>().BindConfiguration(TeacherOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeacherOptions>, TeacherOptionsValidator>();
        services.AddSingleton(sp => new TeacherStore(sp.GetRequiredService<IArtifactStore>(),
            sp.GetRequiredService<IOptions<TeacherOptions>>().Value));
        services.AddSingleton<DatasetHandlers>();
        services.AddSingleton<JobDispatcher>();
        services.AddSingleton<TrainingRequestProcessor>();
        services.AddSingleton<TrainingJobHandlers>();
        services.AddSingleton(sp => new OnnxExporter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ModelConversionService>();
        services.AddSingleton<BatchScoringService>();
        return services;
    }
}
