using System.Globalization;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Training.Losses;
using Hydra.Training.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Ensemble → KD → Hydra (→ Hydra+) (hydra-method.md §1). Each finished model is checkpointed at once, and a
/// checkpoint already in the store for the same seeds, data and architecture is loaded instead of retrained, so a
/// killed run resumes.
/// </summary>
public sealed class HydraPipeline(TrainingOptions options, CheckpointStore checkpoints, string root = "",
    IProgress<TrainingProgress>? progress = null, TimeProvider? clock = null)
{
    private const int ProbeRows = 4;
    private const int KdSeedOffset = 1000;
    private const int HydraSeedOffset = 2000;
    private const string SecondsKey = "seconds";
    private const string SamplesKey = "samples";

    private readonly TrainingOptions _options = Validated(options);
    private readonly CheckpointStore _checkpoints = checkpoints ?? throw new ArgumentNullException(nameof(checkpoints));
    private readonly PhaseTrainer _trainer = new(options, progress);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<TrainedModels> TrainAsync(DatasetBundle bundle, ArchitectureSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(spec);
        CheckCompatible(bundle, spec);
        TorchRuntime.ConfigureThreads(_options.Threads);
        var device = TorchRuntime.ResolveDevice(_options.Device);
        using var train = TrainingData.Create(bundle.Train, bundle, device);
        using var test = TrainingData.Create(bundle.Test, bundle, CPU);
        var context = new RunContext(bundle, spec, train, test, device, TaskObjective.For(bundle.Task, _options.Temperature), [], []);

        var members = new List<MultiHeadNetwork>();
        for (var m = 0; m < _options.Members; m++)
        {
            members.Add(await TrainMemberAsync(context, m, cancellationToken));
        }

        using var teacher = TeacherLogits(members, train.Inputs, cancellationToken);
        var kd = await DistilKdAsync(context, teacher, cancellationToken);
        var hydra = await DistilHydraAsync(context, ModelKind.Hydra, teacher, members, cancellationToken);
        var hydraPlus = _options.HydraPlus ? await DistilHydraAsync(context, ModelKind.HydraPlus, teacher, members, cancellationToken) : null;
        return new TrainedModels(bundle, spec, _options, device, members, kd, hydra, hydraPlus, context.Phases, context.Cards);
    }

    /// <summary>
    /// Trains one ensemble member, or finds it already in the store: the unit of work of one trainer execution, so that
    /// members of one job train in parallel on several workers. Returns true when it trained, false when it resumed.
    /// </summary>
    public async Task<bool> TrainMemberAsync(DatasetBundle bundle, ArchitectureSpec spec, int index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _options.Members);
        CheckCompatible(bundle, spec);
        if (await _checkpoints.ExistsAsync(CheckpointPaths.Folder(root, ModelKind.Member, index), cancellationToken))
        {
            return false;
        }

        TorchRuntime.ConfigureThreads(_options.Threads);
        var device = TorchRuntime.ResolveDevice(_options.Device);
        using var train = TrainingData.Create(bundle.Train, bundle, device);
        using var test = TrainingData.Create(bundle.Test, bundle, CPU);
        var context = new RunContext(bundle, spec, train, test, device, TaskObjective.For(bundle.Task, _options.Temperature), [], []);
        using var member = await TrainMemberAsync(context, index, cancellationToken);
        return true;
    }

    /// <exception cref="InvalidRequestException">The bundle's task is one the trainer cannot train.</exception>
    public static void EnsureSupported(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Task is not (DatasetBundle.ClassificationTask or DatasetBundle.RegressionTask))
        {
            throw new InvalidRequestException(
                $"'{bundle.Name}' is a {bundle.Task} dataset; the trainer distils classifiers and Gaussian "
                + "regressors only.");
        }
    }

    /// <summary>The width the head must output for the bundle: one logit per class, or (mean, raw variance) for regression.</summary>
    public static int HeadWidth(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return IsRegression(bundle) ? GaussianOutputs.HeadWidth : bundle.Train.ClassCount;
    }

    private static bool IsRegression(DatasetBundle bundle) => bundle.Task == DatasetBundle.RegressionTask;

    private static void CheckCompatible(DatasetBundle bundle, ArchitectureSpec spec)
    {
        EnsureSupported(bundle);
        var shapes = spec.Validate();
        if (IsRegression(bundle))
        {
            if (bundle.Train.Targets is null || bundle.Test.Targets is null || bundle.Train.Count == 0)
            {
                throw new InvalidRequestException(
                    $"'{bundle.Name}' is a regression dataset without training and test targets.");
            }

            if (shapes.HeadOutput != GaussianOutputs.HeadWidth)
            {
                throw new ArchitectureValidationException($"The head outputs {shapes.HeadOutput} values but a Gaussian "
                    + $"regression head outputs {GaussianOutputs.HeadWidth} (mean, raw variance).");
            }
        }
        else
        {
            var classes = bundle.Train.ClassCount;
            if (bundle.Train.Labels is null || shapes.HeadOutput != classes)
            {
                throw new ArchitectureValidationException(
                    $"The head outputs {shapes.HeadOutput} values but '{bundle.Name}' has {classes} classes.");
            }
        }

        if (!spec.InputShape.SequenceEqual(bundle.Train.RowShape))
        {
            throw new ArchitectureValidationException(
                $"The architecture takes rows of [{string.Join(", ", spec.InputShape)}] "
                + $"but '{bundle.Name}' has rows of [{string.Join(", ", bundle.Train.RowShape)}].");
        }
    }

    private async Task<MultiHeadNetwork> TrainMemberAsync(RunContext context, int index, CancellationToken cancellationToken)
    {
        var seed = _options.FirstSeed + index;
        var folder = CheckpointPaths.Folder(root, ModelKind.Member, index);
        var resumed = await TryResumeAsync(context, folder, ModelKind.Member, 1, [seed], cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        var network = NewNetwork(context, heads: 1, seed);
        var (inputs, truth) = (context.Train.Inputs, context.Train.Truth);
        var stats = Fit(context, $"member {index + 1}/{_options.Members}", network, _options.MemberEpochs, seed,
            rows => context.Objective.Member(network.forward(inputs.index_select(0, rows)).select(1, 0), truth.index_select(0, rows)),
            cancellationToken);
        await SaveAsync(context, folder, ModelKind.Member, network, [seed], [stats], cancellationToken);
        return network;
    }

    private async Task<MultiHeadNetwork> DistilKdAsync(RunContext context, Tensor teacher, CancellationToken cancellationToken)
    {
        var folder = CheckpointPaths.Folder(root, ModelKind.Kd);
        var resumed = await TryResumeAsync(context, folder, ModelKind.Kd, 1, _options.MemberSeeds, cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        var seed = _options.FirstSeed + KdSeedOffset;
        var network = NewNetwork(context, heads: 1, seed);
        var stats = Fit(context, "kd", network, _options.KdEpochs, seed, KdLoss(context, network, teacher), cancellationToken);
        await SaveAsync(context, folder, ModelKind.Kd, network, _options.MemberSeeds, [stats], cancellationToken);
        return network;
    }

    /// <summary>
    /// Phase 1 trains body + one "Hinton head" on the KD objective; phase 2 copies it into M heads, head m distilling
    /// member m. Hydra+ repeats phase 1 with the same seed (so it starts from the same Hinton head) and adds, in phase 2,
    /// one off-manifold input per training row, labelled by the members on the fly.
    /// </summary>
    private async Task<MultiHeadNetwork> DistilHydraAsync(RunContext context, ModelKind kind, Tensor teacher,
        IReadOnlyList<MultiHeadNetwork> members, CancellationToken cancellationToken)
    {
        var folder = CheckpointPaths.Folder(root, kind);
        var resumed = await TryResumeAsync(context, folder, kind, _options.Members, _options.MemberSeeds, cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        var name = kind == ModelKind.Hydra ? "hydra" : "hydra+";
        var seed = _options.FirstSeed + HydraSeedOffset;
        var inputs = context.Train.Inputs;
        using var hinton = NewNetwork(context, heads: 1, seed);
        var phase1 = Fit(context, $"{name} phase 1", hinton, _options.HydraPhase1Epochs, seed, KdLoss(context, hinton, teacher), cancellationToken);

        var hydra = new MultiHeadNetwork(context.Spec, _options.Members);
        hydra.to(context.Device);
        hydra.LoadBodyAndBroadcastHead(hinton);
        var heads = context.Objective.Heads;
        Func<Tensor, Tensor> loss = kind == ModelKind.Hydra
            ? rows => heads(hydra.forward(inputs.index_select(0, rows)), teacher.index_select(0, rows))
            : rows => HydraPlusLoss(context.Objective, hydra, members, inputs.index_select(0, rows), teacher.index_select(0, rows));
        var phase2 = Fit(context, $"{name} phase 2", hydra, _options.HydraPhase2Epochs, seed + 1, loss, cancellationToken);
        await SaveAsync(context, folder, kind, hydra, _options.MemberSeeds, [phase1, phase2], cancellationToken);
        return hydra;
    }

    private Tensor HydraPlusLoss(TaskObjective objective, MultiHeadNetwork hydra, IReadOnlyList<MultiHeadNetwork> members, Tensor batch, Tensor batchTeacher)
    {
        using var scope = NewDisposeScope();
        var synthetic = OffManifoldInputs.Make(batch, _options.OffManifold);
        if (_options.OffManifold.AdversarialStep > 0)
        {
            synthetic = OffManifoldInputs.TowardsDisagreement(synthetic, _options.OffManifold.AdversarialStep,
                x => objective.Heads(hydra.ForwardWithFrozenStatistics(x), MembersOn(members, x)));
        }

        var syntheticTeacher = MembersOn(members, synthetic);

        var real = objective.Heads(hydra.forward(batch), batchTeacher);
        // Batch norm keeps to the real rows' statistics; without batch norm this is hydra.forward.
        var offManifold = objective.Heads(hydra.ForwardWithFrozenStatistics(synthetic), syntheticTeacher);
        return (real + (_options.OffManifold.Weight * offManifold)).MoveToOuterDisposeScope();
    }

    /// <summary>Every member's output on <paramref name="inputs"/>, stacked along dimension 1 like the teacher tensor; no gradient.</summary>
    private static Tensor MembersOn(IReadOnlyList<MultiHeadNetwork> members, Tensor inputs)
    {
        using (no_grad())
        {
            return stack(members.Select(m => m.forward(inputs).select(1, 0)).ToArray(), dim: 1);
        }
    }

    private static Func<Tensor, Tensor> KdLoss(RunContext context, MultiHeadNetwork network, Tensor teacher) =>
        rows => context.Objective.Kd(network.forward(context.Train.Inputs.index_select(0, rows)).select(1, 0), teacher.index_select(0, rows));

    private static MultiHeadNetwork NewNetwork(RunContext context, int heads, int seed)
    {
        TorchRuntime.Seed(seed);
        var network = new MultiHeadNetwork(context.Spec, heads);
        network.to(context.Device);
        return network;
    }

    private PhaseStats Fit(RunContext context, string phase, MultiHeadNetwork network, int epochs, int seed,
        Func<Tensor, Tensor> batchLoss, CancellationToken cancellationToken)
    {
        var stats = _trainer.Fit(phase, network, context.Train.Source.Count, context.Device, epochs, seed, batchLoss, cancellationToken);
        context.Phases.Add(stats);
        return stats;
    }

    /// <summary>Loads a finished checkpoint of the same kind, seeds, dataset and architecture; null when there is none.</summary>
    private async Task<MultiHeadNetwork?> TryResumeAsync(RunContext context, string folder, ModelKind kind, int heads,
        IReadOnlyList<int> seeds, CancellationToken cancellationToken)
    {
        if (!await _checkpoints.ExistsAsync(folder, cancellationToken))
        {
            return null;
        }

        var checkpoint = await _checkpoints.ReadAsync(folder, cancellationToken);
        var card = checkpoint.Card;
        var matches = card.Kind == kind && card.Heads == heads && card.Seeds.SequenceEqual(seeds)
            && card.Dataset == context.Bundle.Name && card.Architecture.ToJson() == context.Spec.ToJson();
        if (!matches)
        {
            throw new CheckpointException($"{folder} holds a different model (kind {card.Kind}, seeds [{string.Join(", ", card.Seeds)}], dataset {card.Dataset}); use another output folder.");
        }

        var network = new MultiHeadNetwork(context.Spec, heads);
        NetworkTensors.Import(network, checkpoint.Tensors);
        network.to(context.Device);
        network.eval();
        context.Cards[folder] = card;
        context.Phases.AddRange(ResumedPhases(card));
        return network;
    }

    private async Task SaveAsync(RunContext context, string folder, ModelKind kind, MultiHeadNetwork network,
        IReadOnlyList<int> seeds, IReadOnlyList<PhaseStats> phases, CancellationToken cancellationToken)
    {
        var bundle = context.Bundle;
        var regression = IsRegression(bundle);
        var card = new ModelCard
        {
            Kind = kind,
            Task = regression ? ModelTask.Regression : ModelTask.Classification,
            Dataset = bundle.Name,
            Architecture = context.Spec,
            Heads = network.HeadCount,
            Classes = regression ? null : ClassNames(bundle),
            Input = new InputSpec(bundle.Train.RowShape, bundle.Normalization, bundle.FeatureNormalization),
            Seeds = seeds,
            Temperature = kind == ModelKind.Member || regression ? null : _options.Temperature,
            TargetScaling = regression ? bundle.TargetScaling ?? TargetScaling.Identity : null,
            Metrics = regression ? RegressionCardMetrics(network, context, cancellationToken) : ClassificationCardMetrics(network, context, cancellationToken),
            Created = _clock.GetUtcNow(),
            Weights = new WeightsReference(ModelCard.WeightsFileName, ""),
            ParityProbe = network.HeadCount > 1 ? Probe(network, context) : null,
            Training = TrainingSettings(kind, phases),
        };
        context.Cards[folder] = await _checkpoints.WriteAsync(folder, card, NetworkTensors.Export(network), cancellationToken);
    }

    private static string[] ClassNames(DatasetBundle bundle) =>
        bundle.Train.ClassNames is { } names ? [.. names] : [.. Enumerable.Range(0, bundle.Train.ClassCount).Select(c => c.ToString(CultureInfo.InvariantCulture))];

    private static Dictionary<string, double> ClassificationCardMetrics(MultiHeadNetwork network, RunContext context, CancellationToken cancellationToken)
    {
        var test = context.Test;
        var probabilities = Inference.HeadProbabilities(network, test.Inputs, cancellationToken);
        var classes = context.Bundle.Train.ClassCount;
        var mean = Core.Metrics.UncertaintyMetrics.Decompose(probabilities, test.Source.Count, network.HeadCount, classes).MeanProbabilities;
        var labels = test.Source.Labels!;
        return new Dictionary<string, double>
        {
            ["test_accuracy"] = Core.Metrics.ClassificationMetrics.Accuracy(mean, classes, labels),
            ["test_nll"] = Core.Metrics.ClassificationMetrics.NegativeLogLikelihood(mean, classes, labels),
        };
    }

    /// <summary>Test RMSE, mixture NLL and 95% coverage of the model's heads, in target units.</summary>
    private static Dictionary<string, double> RegressionCardMetrics(MultiHeadNetwork network, RunContext context, CancellationToken cancellationToken)
    {
        var test = context.Test;
        var (means, variances) = Inference.HeadGaussians(network, test.Inputs, context.Bundle.TargetScaling, cancellationToken);
        var (rows, heads, targets) = (test.Source.Count, network.HeadCount, test.Source.Targets!);
        var moments = Core.Metrics.RegressionMetrics.Decompose(means, variances, rows, heads);
        return new Dictionary<string, double>
        {
            ["test_rmse"] = Core.Metrics.RegressionMetrics.Rmse(moments.Mean, targets),
            ["test_nll"] = Core.Metrics.RegressionMetrics.MixtureNll(means, variances, rows, heads, targets),
            ["test_coverage95"] = Core.Metrics.RegressionMetrics.Coverage95(means, variances, rows, heads, targets),
        };
    }

    /// <summary>
    /// The first test rows (normalised) and what each head outputs for them: probabilities, or [mean, variance] in target
    /// units for regression (what the exported graph outputs).
    /// </summary>
    private static ParityProbe Probe(MultiHeadNetwork network, RunContext context)
    {
        var test = context.Test;
        var rows = (int)Math.Min(ProbeRows, test.Inputs.shape[0]);
        using var inputs = test.Inputs.narrow(0, 0, rows);
        var heads = network.HeadCount;
        float[][][] outputs;
        if (IsRegression(context.Bundle))
        {
            var (means, variances) = Inference.HeadGaussians(network, inputs, context.Bundle.TargetScaling);
            outputs = [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, heads)
                .Select(k => new[] { means[(r * heads) + k], variances[(r * heads) + k] }).ToArray())];
        }
        else
        {
            var probabilities = Inference.HeadProbabilities(network, inputs);
            var classes = probabilities.Length / (rows * heads);
            outputs = [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, heads)
                .Select(k => probabilities.AsSpan(((r * heads) + k) * classes, classes).ToArray()).ToArray())];
        }

        var rowSize = test.Source.RowSize;
        using var flat = inputs.reshape(rows, rowSize).contiguous();
        var values = flat.data<float>().ToArray();
        return new ParityProbe([.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * rowSize, rowSize).ToArray())], outputs);
    }

    /// <summary>The settings a checkpoint was trained with, and what each of its phases cost (read back on resume).</summary>
    private Dictionary<string, string> TrainingSettings(ModelKind kind, IReadOnlyList<PhaseStats> phases)
    {
        static string S(double v) => v.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["optimizer"] = "adam",
            ["learning_rate"] = S(_options.LearningRate),
            ["batch_size"] = S(_options.BatchSize),
            ["device"] = _options.Device,
        };
        if (kind == ModelKind.HydraPlus)
        {
            settings["off_manifold"] = _options.OffManifold.ToString();
        }

        foreach (var phase in phases)
        {
            settings[$"{phase.Phase}.epochs"] = S(phase.Epochs);
            settings[$"{phase.Phase}.{SecondsKey}"] = S(phase.Seconds);
            settings[$"{phase.Phase}.{SamplesKey}"] = S(phase.Samples);
        }

        return settings;
    }

    private static IEnumerable<PhaseStats> ResumedPhases(ModelCard card) => card.Training.Keys
        .Where(k => k.EndsWith("." + SecondsKey, StringComparison.Ordinal))
        .Select(k => k[..^(SecondsKey.Length + 1)])
        .Where(p => card.Training.ContainsKey($"{p}.{SamplesKey}") && card.Training.ContainsKey($"{p}.epochs"))
        .Select(p => new PhaseStats(p,
            int.Parse(card.Training[$"{p}.epochs"], CultureInfo.InvariantCulture),
            long.Parse(card.Training[$"{p}.{SamplesKey}"], CultureInfo.InvariantCulture),
            double.Parse(card.Training[$"{p}.{SecondsKey}"], CultureInfo.InvariantCulture),
            double.NaN,
            Resumed: true));

    private static Tensor TeacherLogits(IReadOnlyList<MultiHeadNetwork> members, Tensor inputs, CancellationToken cancellationToken)
    {
        // Computed once per training row and reused by every distillation epoch (no augmentation).
        var logits = members.Select(m => Inference.Outputs(m, inputs, cancellationToken)).ToArray();
        var teacher = cat(logits, 1).to(inputs.device);
        foreach (var part in logits)
        {
            part.Dispose();
        }

        return teacher;
    }

    private static TrainingOptions Validated(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private sealed record RunContext(DatasetBundle Bundle, ArchitectureSpec Spec, TrainingData Train, TrainingData Test,
        Device Device, TaskObjective Objective, List<PhaseStats> Phases, Dictionary<string, ModelCard> Cards);
}
