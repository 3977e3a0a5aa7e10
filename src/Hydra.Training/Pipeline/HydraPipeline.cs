using System.Globalization;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Training.Losses;
using Hydra.Training.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Ensemble → KD → Hydra (hydra-method.md §1). Each finished model is checkpointed at once, and a checkpoint already
/// in the store for the same seed, data and architecture is loaded instead of retrained, so a killed run resumes.
/// </summary>
public sealed class HydraPipeline(TrainingOptions options, CheckpointStore checkpoints, string root = "",
    IProgress<TrainingProgress>? progress = null, TimeProvider? clock = null)
{
    private const int ProbeRows = 4;
    private const int KdSeedOffset = 1000;
    private const int HydraSeedOffset = 2000;

    private readonly TrainingOptions _options = Validated(options);
    private readonly CheckpointStore _checkpoints = checkpoints ?? throw new ArgumentNullException(nameof(checkpoints));
    private readonly PhaseTrainer _trainer = new(options, progress);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<TrainedModels> TrainAsync(DatasetBundle bundle, ArchitectureSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(spec);
        var shapes = spec.Validate();
        var classes = bundle.Train.ClassCount;
        if (bundle.Train.Labels is null || shapes.HeadOutput != classes)
        {
            throw new ArgumentException($"The head outputs {shapes.HeadOutput} values but '{bundle.Train.Name}' has {classes} classes.", nameof(spec));
        }

        if (!spec.InputShape.SequenceEqual(bundle.Train.RowShape))
        {
            throw new ArgumentException($"The architecture takes rows of [{string.Join(", ", spec.InputShape)}] but '{bundle.Train.Name}' has rows of [{string.Join(", ", bundle.Train.RowShape)}].", nameof(spec));
        }

        TorchRuntime.ConfigureThreads(_options.Threads);
        var device = TorchRuntime.ResolveDevice(_options.Device);
        using var train = TrainingData.Create(bundle.Train, bundle.Normalization, device);
        using var test = TrainingData.Create(bundle.Test, bundle.Normalization, CPU);
        var phases = new List<PhaseStats>();
        var cards = new Dictionary<string, ModelCard>();
        var context = new RunContext(bundle, spec, train, test, device, phases, cards);

        var members = new List<MultiHeadNetwork>();
        for (var m = 0; m < _options.Members; m++)
        {
            members.Add(await TrainMemberAsync(context, m, cancellationToken));
        }

        using var teacher = TeacherLogits(members, train.Inputs, cancellationToken);
        var kd = await DistilKdAsync(context, teacher, cancellationToken);
        var hydra = await DistilHydraAsync(context, teacher, cancellationToken);
        return new TrainedModels(bundle, spec, _options, device, members, kd, hydra, phases, cards);
    }

    private async Task<MultiHeadNetwork> TrainMemberAsync(RunContext context, int index, CancellationToken cancellationToken)
    {
        var seed = _options.FirstSeed + index;
        var folder = CheckpointPaths.Folder(root, ModelKind.Member, index);
        var phase = $"member {index + 1}/{_options.Members}";
        var labels = context.Train.Labels!;
        return await TrainOrResumeAsync(context, folder, ModelKind.Member, heads: 1, seed, [seed], phase, _options.MemberEpochs,
            (output, rows) => nn.functional.cross_entropy(output.select(1, 0), labels.index_select(0, rows)),
            cancellationToken);
    }

    private async Task<MultiHeadNetwork> DistilKdAsync(RunContext context, Tensor teacher, CancellationToken cancellationToken)
    {
        var folder = CheckpointPaths.Folder(root, ModelKind.Kd);
        return await TrainOrResumeAsync(context, folder, ModelKind.Kd, heads: 1, _options.FirstSeed + KdSeedOffset, _options.MemberSeeds,
            "kd", _options.KdEpochs, KdLoss(teacher), cancellationToken);
    }

    private async Task<MultiHeadNetwork> DistilHydraAsync(RunContext context, Tensor teacher, CancellationToken cancellationToken)
    {
        var folder = CheckpointPaths.Folder(root, ModelKind.Hydra);
        var seed = _options.FirstSeed + HydraSeedOffset;
        var resumed = await TryResumeAsync(context, folder, ModelKind.Hydra, _options.Members, _options.MemberSeeds, cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        // Phase 1: body + one "Hinton head", exactly the KD objective.
        TorchRuntime.Seed(seed);
        using var hinton = new MultiHeadNetwork(context.Spec, 1);
        hinton.to(context.Device);
        context.Phases.Add(_trainer.Fit("hydra phase 1", hinton, context.Train.Inputs, _options.HydraPhase1Epochs, seed,
            KdLoss(teacher), cancellationToken));

        // Phase 2: M copies of that head, head m distilling member m.
        var hydra = new MultiHeadNetwork(context.Spec, _options.Members);
        hydra.to(context.Device);
        hydra.LoadBodyAndBroadcastHead(hinton);
        context.Phases.Add(_trainer.Fit("hydra phase 2", hydra, context.Train.Inputs, _options.HydraPhase2Epochs, seed + 1,
            (output, rows) => DistillationLosses.HydraHeads(output, teacher.index_select(0, rows), _options.Temperature),
            cancellationToken));
        await SaveAsync(context, folder, ModelKind.Hydra, hydra, _options.MemberSeeds, cancellationToken);
        return hydra;
    }

    private Func<Tensor, Tensor, Tensor> KdLoss(Tensor teacher) =>
        (output, rows) => DistillationLosses.KnowledgeDistillation(output.select(1, 0), teacher.index_select(0, rows), _options.Temperature);

    private async Task<MultiHeadNetwork> TrainOrResumeAsync(RunContext context, string folder, ModelKind kind, int heads, int seed,
        IReadOnlyList<int> seeds, string phase, int epochs, Func<Tensor, Tensor, Tensor> loss,
        CancellationToken cancellationToken)
    {
        var resumed = await TryResumeAsync(context, folder, kind, heads, seeds, cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        TorchRuntime.Seed(seed);
        var network = new MultiHeadNetwork(context.Spec, heads);
        network.to(context.Device);
        context.Phases.Add(_trainer.Fit(phase, network, context.Train.Inputs, epochs, seed,
            loss, cancellationToken));
        await SaveAsync(context, folder, kind, network, seeds, cancellationToken);
        return network;
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
        return network;
    }

    private async Task SaveAsync(RunContext context, string folder, ModelKind kind, MultiHeadNetwork network,
        IReadOnlyList<int> seeds, CancellationToken cancellationToken)
    {
        var test = context.Test;
        var probabilities = Inference.HeadProbabilities(network, test.Inputs, cancellationToken);

        var classes = context.Bundle.Train.ClassCount;
        var mean = Core.Metrics.UncertaintyMetrics.Decompose(probabilities, test.Source.Count, network.HeadCount, classes).MeanProbabilities;
        var labels = test.Source.Labels!;
        var card = new ModelCard
        {
            Kind = kind,
            Task = ModelTask.Classification,
            Dataset = context.Bundle.Name,
            Architecture = context.Spec,
            Heads = network.HeadCount,
            Classes = context.Bundle.Train.ClassNames ?? [.. Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture))],
            Input = new InputSpec(context.Bundle.Train.RowShape, context.Bundle.Normalization),
            Seeds = seeds,
            Temperature = kind == ModelKind.Member ? null : _options.Temperature,
            Metrics = new Dictionary<string, double>
            {
                ["test_accuracy"] = Core.Metrics.ClassificationMetrics.Accuracy(mean, classes, labels),
                ["test_nll"] = Core.Metrics.ClassificationMetrics.NegativeLogLikelihood(mean, classes, labels),
            },
            Created = _clock.GetUtcNow(),
            Weights = new WeightsReference(ModelCard.WeightsFileName, ""),
            ParityProbe = kind == ModelKind.Hydra ? Probe(network, test) : null,
            Training = TrainingSettings(kind),
        };
        context.Cards[folder] = await _checkpoints.WriteAsync(folder, card, NetworkTensors.Export(network), cancellationToken);
    }

    private static ParityProbe Probe(MultiHeadNetwork network, TrainingData test)
    {
        var rows = (int)Math.Min(ProbeRows, test.Inputs.shape[0]);
        using var inputs = test.Inputs.narrow(0, 0, rows);
        var probabilities = Inference.HeadProbabilities(network, inputs);
        var rowSize = test.Source.RowSize;
        using var flat = inputs.reshape(rows, rowSize).contiguous();
        var values = flat.data<float>().ToArray();
        var heads = network.HeadCount;
        var classes = probabilities.Length / (rows * heads);
        return new ParityProbe(
            [.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * rowSize, rowSize).ToArray())],
            [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, heads)
                .Select(k => probabilities.AsSpan(((r * heads) + k) * classes, classes).ToArray()).ToArray())]);
    }

    private Dictionary<string, string> TrainingSettings(ModelKind kind)
    {
        var epochs = kind switch
        {
            ModelKind.Member => $"{_options.MemberEpochs}",
            ModelKind.Kd => $"{_options.KdEpochs}",
            _ => $"{_options.HydraPhase1Epochs}+{_options.HydraPhase2Epochs}",
        };
        return new Dictionary<string, string>
        {
            ["optimizer"] = "adam",
            ["learning_rate"] = _options.LearningRate.ToString(CultureInfo.InvariantCulture),
            ["batch_size"] = _options.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = epochs,
            ["device"] = _options.Device,
        };
    }

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
        Device Device, List<PhaseStats> Phases, Dictionary<string, ModelCard> Cards);
}
