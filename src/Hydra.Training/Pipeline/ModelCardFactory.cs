using System.Globalization;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Training.Modules;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Builds the card written next to a finished checkpoint's weights: what it is, what it scores, what it cost.
/// </summary>
internal sealed class ModelCardFactory(TrainingOptions options, TimeProvider clock)
{
    /// <summary>The card of a model just trained; the store fills in the weights' hash when it writes them.</summary>
    public ModelCard Create(RunContext context, ModelKind kind, MultiHeadNetwork network, IReadOnlyList<int> seeds,
        IReadOnlyList<PhaseStats> phases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(network);
        var bundle = context.Bundle;
        var regression = context.IsRegression;
        return new ModelCard
        {
            Kind = kind,
            Task = bundle.Task,
            Dataset = bundle.Name,
            DatasetFiles = bundle.Files,
            Architecture = context.Spec,
            Heads = network.HeadCount,
            Classes = regression ? null : ClassNames(bundle),
            Input = new InputSpec(bundle.Train.RowShape, bundle.Normalization, bundle.FeatureNormalization)
            {
                Columns = bundle.Columns,
            },
            Seeds = seeds,
            Temperature = kind == ModelKind.Member || regression ? null : options.Temperature,
            Teachers = context.Teachers,
            TargetScaling = regression ? bundle.TargetScaling ?? TargetScaling.Identity : null,
            Metrics = CardMetrics.For(network, context, cancellationToken),
            Created = clock.GetUtcNow(),
            Weights = new WeightsReference(ModelCard.WeightsFileName, ""),
            ParityProbe = network.HeadCount > 1 ? ParityProbes.Probe(network, context) : null,
            Training = TrainingSettings(kind, phases, bundle),
            Phases = CardPhases.Costs(phases),
        };
    }

    private static string[] ClassNames(DatasetBundle bundle) => bundle.Train.ClassNames is { } names
        ? [.. names]
        : [.. Enumerable.Range(0, bundle.Train.ClassCount).Select(c => c.ToString(CultureInfo.InvariantCulture))];

    /// <summary>
    /// The settings the checkpoint was trained with and what the data looked like ("data.*": class counts,
    /// imbalance), for people to read; its phases' cost is typed.
    /// </summary>
    private Dictionary<string, string> TrainingSettings(ModelKind kind, IReadOnlyList<PhaseStats> phases,
        DatasetBundle bundle)
    {
        static string S(double v) => v.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["optimizer"] = "adam",
            ["learning_rate"] = S(options.LearningRate),
            ["batch_size"] = S(options.BatchSize),
            ["device"] = options.Device,
        };
        if (kind == ModelKind.HydraPlus)
        {
            settings["off_manifold"] = options.OffManifold.ToString();
            if (options.HydraPlusFromHydra)
            {
                // Phase 2 continued from the run's trained Hydra; there is no Hydra+ phase 1.
                settings["start"] = "hydra";
            }
        }

        foreach (var phase in phases)
        {
            settings[$"{phase.Phase}.epochs"] = S(phase.Epochs);
        }

        foreach (var (key, value) in bundle.Summary)
        {
            settings[$"data.{key}"] = value;
        }

        return settings;
    }
}
