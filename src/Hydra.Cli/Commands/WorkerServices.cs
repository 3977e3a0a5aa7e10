using Hydra.Azure;
using Hydra.Core.Data;
using Hydra.Core.Datasets;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;
using Hydra.Training.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Cli.Commands;

/// <summary>
/// The trainer worker's composition: Azure adapters from configuration, the pipeline runner and the loop.
/// </summary>
internal static class WorkerServices
{
    public static IServiceCollection AddTrainerWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<TrainingWorkerOptions>().BindConfiguration(
            TrainingWorkerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainingWorkerOptions>, TrainingWorkerOptionsValidator>();
        services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatasetOptions>, DatasetOptionsValidator>();
        // The bounds a job's files are read within (gzip and zip inflation, image size), as the CLI reads them.
        services.AddOptions<DataLimits>().BindConfiguration(DataLimits.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataLimits>, DataLimitsValidator>();
        services.AddHydraAzure(configuration);
        // Disposed with the host: the execution's downloaded dataset is deleted when the worker ends.
        services.AddSingleton(sp => new DatasetCache(sp.GetRequiredService<IArtifactStore>(),
            sp.GetRequiredService<IOptions<DatasetOptions>>().Value));
        services.AddOptions<TeacherOptions>().BindConfiguration(TeacherOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeacherOptions>, TeacherOptionsValidator>();
        // Disposed with the host too: the execution's downloaded teachers are deleted when the worker ends.
        services.AddSingleton(sp => new TeacherCache(sp.GetRequiredService<IArtifactStore>(),
            sp.GetRequiredService<IOptions<TeacherOptions>>().Value));
        services.AddSingleton<IWorkUnitRunner>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TrainingWorkerOptions>>().Value;
            var limits = sp.GetRequiredService<IOptions<DataLimits>>().Value;
            var teachers = sp.GetRequiredService<IOptions<TeacherOptions>>().Value;
            return new PipelineUnitRunner(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<IArtifactStore>(),
                sp.GetRequiredService<ITrainerTransport>(), spec => Training.Planning.JobPlanner.Plan(spec,
                    options.Device, options.Threads, limits),
                sp.GetRequiredService<ILogger<PipelineUnitRunner>>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<DatasetCache>(), sp.GetRequiredService<TeacherCache>(),
                (local, bundle, student) => JobTeachers.Load(local, bundle, student, teachers, options.Threads));
        });
        services.AddSingleton<TrainingWorker>();
        return services;
    }
}
