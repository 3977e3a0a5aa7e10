using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Jobs;
using Hydra.Training.Jobs;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Planning;

/// <summary>
/// Resolves an accepted job spec on the trainer: loads the data, picks the architecture, fills the protocol's defaults.
/// </summary>
public static class JobPlanner
{
    /// <summary>
    /// The plan of <paramref name="spec"/>: what the request names wins, <see cref="RunDefaults"/> fill the rest. The
    /// data is read within <paramref name="limits"/> (the deployment's Hydra:Data:Limits; default: the defaults).
    /// </summary>
    public static JobPlan Plan(TrainingJobSpec spec, string device, int threads, DataLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var request = spec.Request;
        var bundle = DatasetCatalog.Load(request.Dataset, new DataOptions
        {
            TrainLimit = request.TrainLimit,
            TestLimit = request.TestLimit,
            Seed = request.DataSeed,
            Limits = limits ?? new DataLimits(),
        });
        var architecture = request.ArchitectureSpec ?? ArchitecturePresets.ByName(
            request.Architecture ?? RunDefaults.Architecture(bundle), bundle.Train.RowShape,
            DatasetCompatibility.HeadWidth(bundle));
        var students = request.StudentArchitectureSpec ?? (request.StudentArchitecture is { } preset
            ? ArchitecturePresets.ByName(preset, bundle.Train.RowShape, DatasetCompatibility.HeadWidth(bundle))
            : null);
        if (request.StudentHeadWidth is { } width)
        {
            students = (students ?? architecture).WithHeadWidth(width);
        }

        if (students is not null)
        {
            // Checked before any member trains, not after: a job whose students cannot fit its data fails at once.
            DatasetCompatibility.EnsureCompatible(bundle, students);
        }

        var defaults = RunDefaults.Epochs(bundle, architecture.Name);
        var options = defaults with
        {
            Members = request.Members,
            MemberEpochs = request.MemberEpochs ?? defaults.MemberEpochs,
            KdEpochs = request.KdEpochs ?? defaults.KdEpochs,
            HydraPhase1Epochs = request.HydraPhase1Epochs ?? defaults.HydraPhase1Epochs,
            HydraPhase2Epochs = request.HydraPhase2Epochs ?? defaults.HydraPhase2Epochs,
            HydraPlus = request.HydraPlus,
            LearningRate = request.LearningRate ?? defaults.LearningRate,
            BatchSize = request.BatchSize ?? defaults.BatchSize,
            Temperature = request.Temperature ?? defaults.Temperature,
            FirstSeed = request.Seed,
            Device = device,
            Threads = threads,
        };
        return new JobPlan(bundle, architecture,
            HydraPlusRecipes.Apply(request.HydraPlusRecipe, options, bundle.Train.Count), students);
    }
}
