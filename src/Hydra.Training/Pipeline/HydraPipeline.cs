using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Teachers;
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
    private const int KdSeedOffset = 1000;
    private const int HydraSeedOffset = 2000;

    private readonly TrainingOptions _options = Validated(options);
    private readonly PhaseTrainer _trainer = new(options, progress);
    private readonly PipelineCheckpoints _checkpoints = new(
        checkpoints ?? throw new ArgumentNullException(nameof(checkpoints)),
        new ModelCardFactory(options, clock ?? TimeProvider.System));

    /// <summary>Trains the members, then KD, Hydra (and Hydra+) with the members' architecture.</summary>
    public Task<TrainedModels> TrainAsync(DatasetBundle bundle, ArchitectureSpec spec,
        CancellationToken cancellationToken) => TrainAsync(bundle, spec, spec, cancellationToken);

    /// <summary>
    /// Trains the members with <paramref name="memberSpec"/>, then KD, Hydra (and Hydra+) with
    /// <paramref name="studentSpec"/>: for example the members' body with wider heads. Each checkpoint's card names its
    /// own architecture, so a resumed run finds members and students by theirs.
    /// </summary>
    public async Task<TrainedModels> TrainAsync(DatasetBundle bundle, ArchitectureSpec memberSpec,
        ArchitectureSpec studentSpec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberSpec);
        ArgumentNullException.ThrowIfNull(studentSpec);
        DatasetCompatibility.EnsureCompatible(bundle, memberSpec);
        DatasetCompatibility.EnsureCompatible(bundle, studentSpec);
        var device = ConfigureTorch();
        using var train = TrainingData.Create(bundle.Train, bundle, device);
        using var test = TrainingData.Create(bundle.Test, bundle, CPU);
        var context = NewContext(bundle, memberSpec, train, test, device);

        var members = new List<MultiHeadNetwork>();
        for (var m = 0; m < _options.Members; m++)
        {
            members.Add(await TrainMemberAsync(context, m, cancellationToken));
        }

        // The students' context shares the phases and cards recorded so far (a record's copy keeps the same lists).
        return await DistilAllAsync(context with { Spec = studentSpec }, new NetworkEnsemble(members, memberSpec),
            cancellationToken);
    }

    /// <summary>
    /// KD, Hydra and Hydra+ from teachers trained elsewhere, in place of members (<c>hydra distill</c>): the same
    /// phases, seeds and checkpoints as <see cref="TrainAsync(DatasetBundle, ArchitectureSpec, CancellationToken)"/>,
    /// whose cards also name each teacher's file and hash.
    /// </summary>
    /// <param name="teachers">Teachers that passed <see cref="TeacherChecks.Validate"/>, as many as
    /// <see cref="TrainingOptions.Members"/>; the caller keeps them open until the result is disposed.</param>
    public async Task<TrainedModels> DistillAsync(DatasetBundle bundle, ArchitectureSpec spec,
        TeacherEnsemble teachers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teachers);
        DatasetCompatibility.EnsureCompatible(bundle, spec);
        if (teachers.Count != _options.Members)
        {
            throw new InvalidRequestException(
                $"{teachers.Count} teachers were given but the options ask for {_options.Members} members.");
        }

        if (_options.HydraPlus && _options.OffManifold.FeatureMixShare > 0)
        {
            // Refused before anything trains, not when Hydra+ starts.
            throw new InvalidRequestException(FeatureMixPool.NeedsMembers);
        }

        var device = ConfigureTorch();
        using var train = TrainingData.Create(bundle.Train, bundle, device);
        using var test = TrainingData.Create(bundle.Test, bundle, CPU);
        var context = NewContext(bundle, spec, train, test, device) with { Teachers = teachers.References };
        return await DistilAllAsync(context, new TeacherSource(teachers, bundle), cancellationToken);
    }

    private async Task<TrainedModels> DistilAllAsync(RunContext context, EnsembleSource ensemble,
        CancellationToken cancellationToken)
    {
        try
        {
            using var teacher = ensemble.Teacher(context.Train, cancellationToken);
            var kd = await DistilKdAsync(context, teacher, cancellationToken);
            var hydra = await DistilHydraAsync(context, ModelKind.Hydra, teacher, ensemble, cancellationToken);
            var hydraPlus = _options.HydraPlus
                ? await DistilHydraAsync(context, ModelKind.HydraPlus, teacher, ensemble, cancellationToken,
                    _options.HydraPlusFromHydra ? hydra : null)
                : null;
            return new TrainedModels(context.Bundle, context.Spec, _options, context.Device, ensemble, kd, hydra,
                hydraPlus, context.Phases, context.Cards);
        }
        catch
        {
            ensemble.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains one ensemble member, or finds it already in the store: the unit of work of one trainer execution, so that
    /// members of one job train in parallel on several workers. Returns true when it trained, false when it resumed.
    /// </summary>
    public async Task<bool> TrainMemberAsync(DatasetBundle bundle, ArchitectureSpec spec, int index,
        CancellationToken cancellationToken)
    {
        DatasetCompatibility.EnsureCompatible(bundle, spec);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _options.Members);
        if (await _checkpoints.ExistsAsync(CheckpointPaths.Folder(root, ModelKind.Member, index), cancellationToken))
        {
            return false;
        }

        var device = ConfigureTorch();
        using var train = TrainingData.Create(bundle.Train, bundle, device);
        using var test = TrainingData.Create(bundle.Test, bundle, CPU);
        using var member = await TrainMemberAsync(NewContext(bundle, spec, train, test, device), index,
            cancellationToken);
        return true;
    }

    /// <summary>Sets libtorch's threads and returns the device to train on.</summary>
    private Device ConfigureTorch()
    {
        TorchRuntime.ConfigureThreads(_options.Threads);
        return TorchRuntime.ResolveDevice(_options.Device);
    }

    private RunContext NewContext(DatasetBundle bundle, ArchitectureSpec spec, TrainingData train, TrainingData test,
        Device device)
    {
        if (bundle.Task == ModelTask.Regression && _options.HydraPlus && _options.OffManifold.Temperature is not null)
        {
            throw new InvalidRequestException("Hydra+'s off-manifold temperature applies to classification only: "
                + "regression's Gaussian KL has no temperature.");
        }

        return new(bundle, spec, train, test, device, TaskObjective.For(bundle.Task, _options.Temperature), [], []);
    }

    private async Task<MultiHeadNetwork> TrainMemberAsync(RunContext context, int index,
        CancellationToken cancellationToken)
    {
        var seed = _options.FirstSeed + index;
        var folder = CheckpointPaths.Folder(root, ModelKind.Member, index);
        var resumed = await _checkpoints.TryResumeAsync(context, folder, ModelKind.Member, 1, [seed],
            cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        var network = NewNetwork(context, heads: 1, seed);
        var (inputs, truth) = (context.Train.Inputs, context.Train.Truth);
        var stats = Fit(context, $"member {index + 1}/{_options.Members}", network, _options.MemberEpochs, seed,
            rows => context.Objective.Member(network.forward(inputs.index_select(0, rows)).select(1, 0),
                truth.index_select(0, rows)),
            cancellationToken);
        await _checkpoints.SaveAsync(context, folder, ModelKind.Member, network, [seed], [stats], cancellationToken);
        return network;
    }

    private async Task<MultiHeadNetwork> DistilKdAsync(RunContext context, Tensor teacher,
        CancellationToken cancellationToken)
    {
        var folder = CheckpointPaths.Folder(root, ModelKind.Kd);
        var seeds = _options.MemberSeeds;
        var resumed = await _checkpoints.TryResumeAsync(context, folder, ModelKind.Kd, 1, seeds, cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        var seed = _options.FirstSeed + KdSeedOffset;
        var network = NewNetwork(context, heads: 1, seed);
        var loss = KdLoss(context, network, teacher);
        var stats = Fit(context, "kd", network, _options.KdEpochs, seed, loss, cancellationToken);
        await _checkpoints.SaveAsync(context, folder, ModelKind.Kd, network, seeds, [stats], cancellationToken);
        return network;
    }

    /// <summary>
    /// Phase 1 trains body + one "Hinton head" on the KD objective; phase 2 copies it into M heads, head m distilling
    /// member m. Hydra+ repeats phase 1 with the same seed (so it starts from the same Hinton head) and adds, in phase
    /// 2, off-manifold inputs labelled by the ensemble: drawn from a pool labelled once per refresh, or made and
    /// labelled per batch (<see cref="OffManifoldOptions"/>). Given <paramref name="start"/> (the run's trained
    /// Hydra, <see cref="TrainingOptions.HydraPlusFromHydra"/>), Hydra+ skips phase 1 and its phase 2 starts from a
    /// copy of it.
    /// </summary>
    private async Task<MultiHeadNetwork> DistilHydraAsync(RunContext context, ModelKind kind, Tensor teacher,
        EnsembleSource ensemble, CancellationToken cancellationToken, MultiHeadNetwork? start = null)
    {
        var (folder, seeds) = (CheckpointPaths.Folder(root, kind), _options.MemberSeeds);
        var resumed = await _checkpoints.TryResumeAsync(context, folder, kind, _options.Members, seeds,
            cancellationToken);
        if (resumed is not null)
        {
            return resumed;
        }

        var name = kind == ModelKind.Hydra ? "hydra" : "hydra+";
        var seed = _options.FirstSeed + HydraSeedOffset;
        var inputs = context.Train.Inputs;
        PhaseStats? phase1 = null;
        MultiHeadNetwork hydra;
        if (start is null)
        {
            using var hinton = NewNetwork(context, heads: 1, seed);
            phase1 = Fit(context, $"{name} phase 1", hinton, _options.HydraPhase1Epochs, seed,
                KdLoss(context, hinton, teacher), cancellationToken);
            // Made after phase 1, as before --plus-from-hydra existed: its initialisation draws from libtorch's
            // generator, and phase 2's synthetic rows draw after it, so earlier runs reproduce bit for bit.
            hydra = new MultiHeadNetwork(context.Spec, _options.Members);
            hydra.to(context.Device);
            hydra.LoadBodyAndBroadcastHead(hinton);
        }
        else
        {
            // Seeded here, so that phase 2's synthetic rows do not depend on whether Hydra was trained in this process
            // or resumed from its checkpoint.
            TorchRuntime.Seed(seed);
            hydra = new MultiHeadNetwork(context.Spec, _options.Members);
            hydra.to(context.Device);
            hydra.LoadAll(start);
        }

        var (objective, offManifold) = (context.Objective, _options.OffManifold);
        using var pool = kind == ModelKind.HydraPlus && offManifold.UsesPool
            ? new OffManifoldPool(inputs, offManifold, ensemble, objective.Disagreement)
            : null;
        using var featureMix = pool is null ? null : FeatureMixPool.For(inputs, offManifold, ensemble);
        var batchNorm = hydra.HasBatchNorm;
        Func<Tensor, Tensor> loss = kind == ModelKind.Hydra
            ? rows => objective.Heads(hydra.forward(inputs.index_select(0, rows)), teacher.index_select(0, rows))
            : pool is not null
                ? rows => HydraPlusLoss.Pooled(objective, offManifold, hydra, pool, batchNorm,
                    inputs.index_select(0, rows), teacher.index_select(0, rows), featureMix)
                : rows => HydraPlusLoss.Batch(objective, offManifold, hydra, ensemble, inputs.index_select(0, rows),
                    teacher.index_select(0, rows));
        var epochs = kind == ModelKind.HydraPlus ? _options.PlusPhase2Epochs : _options.HydraPhase2Epochs;
        var phase2 = Fit(context, $"{name} phase 2", hydra, epochs, seed + 1, loss,
            cancellationToken, pool is null ? null : epoch => FeatureMixPool.RefreshBoth(epoch, pool, featureMix));
        await _checkpoints.SaveAsync(context, folder, kind, hydra, seeds,
            phase1 is null ? [phase2] : [phase1, phase2], cancellationToken);
        return hydra;
    }

    private static Func<Tensor, Tensor> KdLoss(RunContext context, MultiHeadNetwork network, Tensor teacher) =>
        rows => context.Objective.Kd(network.forward(context.Train.Inputs.index_select(0, rows)).select(1, 0),
            teacher.index_select(0, rows));

    private static MultiHeadNetwork NewNetwork(RunContext context, int heads, int seed)
    {
        TorchRuntime.Seed(seed);
        var network = new MultiHeadNetwork(context.Spec, heads);
        network.to(context.Device);
        return network;
    }

    private PhaseStats Fit(RunContext context, string phase, MultiHeadNetwork network, int epochs, int seed,
        Func<Tensor, Tensor> batchLoss, CancellationToken cancellationToken, Action<int>? beforeEpoch = null)
    {
        var stats = _trainer.Fit(phase, network, context.Train.Source.Count, context.Device, epochs, seed, batchLoss,
            cancellationToken, beforeEpoch);
        context.Phases.Add(stats);
        return stats;
    }

    private static TrainingOptions Validated(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
