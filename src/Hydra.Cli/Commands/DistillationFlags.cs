using System.CommandLine;
using System.Globalization;
using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Training.Pipeline;

namespace Hydra.Cli.Commands;

/// <summary>
/// The flags of <c>hydra run</c> and <c>hydra distill</c> that set how KD, Hydra and Hydra+ are distilled, where, and
/// where the run is written.
/// </summary>
internal static class DistillationFlags
{
    private static readonly Option<int?> KdEpochs = new("--kd-epochs") { Description = "Epochs of the KD baseline." };
    private static readonly Option<int?> Phase1Epochs = new("--hydra-phase1-epochs")
    { Description = "Epochs of Hydra's phase 1 (the Hinton head)." };
    private static readonly Option<int?> Phase2Epochs = new("--hydra-phase2-epochs")
    { Description = "Epochs of Hydra's phase 2 (M heads)." };
    private static readonly Option<int?> PlusPhase2Epochs = new("--plus-phase2-epochs")
    { Description = "Hydra+'s phase-2 epochs (default: --hydra-phase2-epochs')." };
    private static readonly Option<bool> NoHydraPlus = new("--no-hydra-plus")
    { Description = "Skip Hydra+ (the off-manifold distillation reported as hydra_plus)." };
    private static readonly Option<string> PlusRecipe = new("--plus-recipe")
    {
        Description = "Hydra+'s recipe: per-batch (members label fresh synthetic rows every batch), pooled (rows "
            + "labelled once, phase 2 continued from Hydra; chosen on the MLP's validation data) or pooled-mixed "
            + "(half-size pool of noisy, cutmix and turn rows, a shorter phase 2; chosen on the CNN's, with "
            + "--student-head-width 256). Both pooled recipes set the --plus-pool* flags, --plus-shuffle, "
            + "--plus-phase2-epochs and --plus-from-hydra (pooled-mixed also --plus-families), so they are not "
            + "combined with them.",
        DefaultValueFactory = _ => HydraPlusRecipeNames.PerBatch
    };
    private static readonly Option<bool> PlusFromHydra = new("--plus-from-hydra")
    {
        Description = "Hydra+: skip its phase 1 and start its phase 2 from the run's trained Hydra (its "
            + "--plus-phase2-epochs then fine-tune Hydra)."
    };
    private static readonly Option<double> PlusNoise = new("--plus-noise")
    {
        Description = "Hydra+: std of the Gaussian noise added to its synthetic inputs (normalised units).",
        DefaultValueFactory = _ => new OffManifoldOptions().NoiseStd
    };
    private static readonly Option<bool> PlusNoMixup = new("--plus-no-mixup")
    { Description = "Hydra+: make synthetic inputs by noise alone, without mixup." };
    private static readonly Option<double?> PlusNoiseMin = new("--plus-noise-min")
    {
        Description = "Hydra+: draw each synthetic row's noise std log-uniformly between this and --plus-noise "
            + "(default: the fixed --plus-noise)."
    };
    private static readonly Option<double> PlusShuffle = new("--plus-shuffle")
    {
        Description = "Hydra+: fraction of synthetic rows whose features are randomly permuted.",
        DefaultValueFactory = _ => new OffManifoldOptions().ShuffleFraction
    };
    private static readonly Option<int> PlusCopies = new("--plus-copies")
    {
        Description = "Hydra+: synthetic rows per training row.",
        DefaultValueFactory = _ => new OffManifoldOptions().Copies
    };
    private static readonly Option<double> PlusAdversarial = new("--plus-adversarial")
    {
        Description = "Hydra+: size of one signed-gradient step that moves each synthetic row towards more "
            + "head–member disagreement (0: off).",
        DefaultValueFactory = _ => new OffManifoldOptions().AdversarialStep
    };
    private static readonly Option<int> PlusPool = new("--plus-pool")
    {
        Description = "Hydra+: label a pool of this many synthetic rows once per refresh instead of every batch's "
            + "(0: the members label each batch's synthetic rows).",
        DefaultValueFactory = _ => new OffManifoldOptions().PoolSize
    };
    private static readonly Option<int> PlusPoolRefresh = new("--plus-pool-refresh")
    {
        Description = "Hydra+: make and label the pool again every this many phase-2 epochs.",
        DefaultValueFactory = _ => new OffManifoldOptions().PoolRefreshEpochs
    };
    private static readonly Option<double> PlusPoolShare = new("--plus-pool-share")
    {
        Description = "Hydra+: pooled synthetic rows per real row in each batch.",
        DefaultValueFactory = _ => new OffManifoldOptions().PoolShare
    };
    private static readonly Option<PoolWeighting> PlusPoolWeighting = new("--plus-pool-weighting")
    {
        Description = "Hydra+: weight of each pooled row's loss: none, or disagreement (the members' epistemic "
            + "uncertainty on the row, normalised to mean 1 over the pool).",
        DefaultValueFactory = _ => new OffManifoldOptions().PoolWeighting
    };
    private static readonly Option<double> PlusPoolWeightPower = new("--plus-pool-weight-power")
    {
        Description = "Hydra+: exponent on the disagreement before normalising (below 1 flattens the weights).",
        DefaultValueFactory = _ => new OffManifoldOptions().PoolWeightPower
    };
    private static readonly Option<bool> PlusPoolDetachBody = new("--plus-pool-detach-body")
    {
        Description = "Hydra+: pooled rows train the heads only (no gradient into the body), so each costs the body "
            + "a forward pass."
    };
    private static readonly Option<string> PlusFamilies = new("--plus-families")
    {
        Description = "Hydra+: the families synthetic rows are drawn from, each row from one at random: noisy (mixup, "
            + "shuffling and noise, the default), blend, cutmix, scale, turn; e.g. noisy,blend,turn.",
        DefaultValueFactory = _ => SyntheticFamilyNames.Format(new OffManifoldOptions().Families)
    };
    private static readonly Option<double?> PlusNoisyShare = new("--plus-noisy-share")
    {
        Description = "Hydra+: with several --plus-families including noisy, the probability of a noisy row (the "
            + "others share the rest; default: all families equally often)."
    };
    private static readonly Option<double> PlusEpistemicWeight = new("--plus-epistemic-weight")
    {
        Description = "Hydra+: weight of a term matching the heads' disagreement to the members' on the synthetic "
            + "rows (squared difference over the batch's squared mean; 0: off).",
        DefaultValueFactory = _ => new OffManifoldOptions().EpistemicWeight
    };
    private static readonly Option<double?> PlusTemperature = new("--plus-temperature")
    {
        Description = "Hydra+: distillation temperature of the synthetic rows' loss (classification; default: "
            + "--temperature, which the real rows keep)."
    };
    private static readonly Option<double> PlusWeight = new("--plus-weight")
    {
        Description = "Hydra+: weight of the off-manifold loss against the real rows'.",
        DefaultValueFactory = _ => new OffManifoldOptions().Weight
    };
    private static readonly Option<double> Temperature = new("--temperature",
        "-T")
    { Description = "Distillation temperature.", DefaultValueFactory = _ => 2.0 };
    private static readonly Option<double> LearningRate = new("--lr")
    {
        Description = "Adam learning rate.",
        DefaultValueFactory = _ => 1e-3
    };
    private static readonly Option<int> BatchSize = new("--batch-size")
    {
        Description = "Mini-batch size.",
        DefaultValueFactory = _ => 128
    };
    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of member 0; member m uses seed + m, KD seed + 1000 and Hydra seed + 2000.",
        DefaultValueFactory = _ => 0
    };
    private static readonly Option<string> Device = new("--device")
    {
        Description = "auto, cpu or cuda.",
        DefaultValueFactory = _ => "auto"
    };
    private static readonly Option<double> PlusFeatureMix = new("--plus-feature-mix")
    {
        Description = "Hydra+ (pool only): rows mixed in the body's feature space per real row: pairs of training "
            + "rows, each member's head on its own body's λ-mix of their features, labelled once per pool refresh "
            + "(0: off; needs the product's own members).",
        DefaultValueFactory = _ => new OffManifoldOptions().FeatureMixShare
    };
    private static readonly Option<double> PlusFeatureMixSpread = new("--plus-feature-mix-spread")
    {
        Description = "Hydra+: feature mixing's λ is drawn from U(-s, 1+s); above 0 it also extrapolates beyond "
            + "the pair.",
        DefaultValueFactory = _ => new OffManifoldOptions().FeatureMixSpread
    };
    private static readonly Option<int> Threads = new("--threads")
    { Description = "CPU threads for libtorch (0: libtorch's default).", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> Output = new("--output",
        "-o")
    {
        Description = "Output folder (default: runs/{dataset}-{arch}-{time}). Finished checkpoints found "
            + "there are reused."
    };

    private static readonly Option<int?> StudentHeadWidth = new("--student-head-width")
    {
        Description = "Give KD, Hydra and Hydra+ heads whose hidden layers are this wide, their architecture otherwise "
            + "as given: e.g. 256 with --arch cnn for 256-256-10 heads."
    };

    public static IEnumerable<Option> All => [StudentHeadWidth, KdEpochs, Phase1Epochs, Phase2Epochs, PlusPhase2Epochs,
        NoHydraPlus,
        PlusRecipe, PlusFromHydra, PlusNoise, PlusNoiseMin, PlusNoMixup, PlusShuffle, PlusCopies, PlusAdversarial,
        PlusPool, PlusPoolRefresh, PlusPoolShare, PlusPoolWeighting, PlusPoolWeightPower, PlusPoolDetachBody,
        PlusFamilies, PlusNoisyShare, PlusEpistemicWeight, PlusTemperature, PlusFeatureMix, PlusFeatureMixSpread,
        PlusWeight, Temperature, LearningRate, BatchSize, Seed, Device, Threads, Output];

    /// <summary>Checks the counts a person typed before any data is loaded, naming each option as written.</summary>
    public static void CheckCounts(ParseResult parse)
    {
        foreach (var count in new[] { KdEpochs, Phase1Epochs, Phase2Epochs, PlusPhase2Epochs })
        {
            Require.AtLeast(parse.GetValue(count) ?? 0, 0, count.Name);
        }

        Require.AtLeast(parse.GetValue(BatchSize), 1, BatchSize.Name);
        Require.AtLeast(parse.GetValue(Threads), 0, Threads.Name);
        Require.AtLeast(parse.GetValue(StudentHeadWidth) ?? 1, 1, StudentHeadWidth.Name);
        Require.AtLeast(parse.GetValue(PlusCopies), 1, PlusCopies.Name);
        Require.AtLeast(parse.GetValue(PlusPool), 0, PlusPool.Name);
        Require.AtLeast(parse.GetValue(PlusPoolRefresh), 1, PlusPoolRefresh.Name);
        if (parse.GetValue(PlusTemperature) is { } plusTemperature)
        {
            Require.Between(plusTemperature, 0.1, 20, PlusTemperature.Name);
        }

        Require.Between(parse.GetValue(PlusFeatureMix), 0, 16, PlusFeatureMix.Name);
        Require.Between(parse.GetValue(PlusFeatureMixSpread), 0, 2, PlusFeatureMixSpread.Name);

        var recipe = parse.GetValue(PlusRecipe);
        if (!HydraPlusRecipeNames.IsKnown(recipe))
        {
            throw new InvalidRequestException($"{PlusRecipe.Name}: unknown recipe '{recipe}'; one of: "
                + $"{string.Join(", ", HydraPlusRecipeNames.All)}.");
        }

        if (parse.GetValue(PlusFeatureMix) > 0 && parse.GetValue(PlusPool) == 0
            && recipe is not (HydraPlusRecipeNames.Pooled or HydraPlusRecipeNames.PooledMixed))
        {
            throw new InvalidRequestException($"{PlusFeatureMix.Name} needs a pool: give {PlusPool.Name} or a pooled "
                + $"{PlusRecipe.Name}.");
        }

        if (recipe is HydraPlusRecipeNames.Pooled or HydraPlusRecipeNames.PooledMixed)
        {
            Option[] set = [PlusPool, PlusPoolRefresh, PlusPoolShare, PlusShuffle, PlusPhase2Epochs, PlusFromHydra];
            set = recipe == HydraPlusRecipeNames.PooledMixed ? [.. set, PlusFamilies] : set;
            var typed = set.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
            if (typed.Length > 0)
            {
                throw new InvalidRequestException($"{PlusRecipe.Name} {recipe} sets {string.Join(", ", typed)}; give "
                    + "either the recipe or those flags.");
            }
        }

        try
        {
            SyntheticFamilyNames.Parse(parse.GetValue(PlusFamilies)!);
        }
        catch (InvalidRequestException error)
        {
            throw new InvalidRequestException($"{PlusFamilies.Name}: {error.Message}");
        }
    }

    /// <summary>The distillation settings the flags give, over <paramref name="defaults"/>' epochs.</summary>
    public static TrainingOptions Apply(TrainingOptions defaults, ParseResult parse) => defaults with
    {
        KdEpochs = parse.GetValue(KdEpochs) ?? defaults.KdEpochs,
        HydraPhase1Epochs = parse.GetValue(Phase1Epochs) ?? defaults.HydraPhase1Epochs,
        HydraPhase2Epochs = parse.GetValue(Phase2Epochs) ?? defaults.HydraPhase2Epochs,
        HydraPlusPhase2Epochs = parse.GetValue(PlusPhase2Epochs) ?? defaults.HydraPlusPhase2Epochs,
        HydraPlus = !parse.GetValue(NoHydraPlus),
        HydraPlusFromHydra = parse.GetValue(PlusFromHydra),
        OffManifold = new OffManifoldOptions(!parse.GetValue(PlusNoMixup), parse.GetValue(PlusNoise),
            parse.GetValue(PlusWeight), parse.GetValue(PlusNoiseMin), parse.GetValue(PlusShuffle),
            parse.GetValue(PlusCopies), parse.GetValue(PlusAdversarial), parse.GetValue(PlusPool),
            parse.GetValue(PlusPoolRefresh), parse.GetValue(PlusPoolShare), parse.GetValue(PlusPoolWeighting),
            parse.GetValue(PlusPoolWeightPower), parse.GetValue(PlusPoolDetachBody),
            SyntheticFamilyNames.Parse(parse.GetValue(PlusFamilies)!), parse.GetValue(PlusEpistemicWeight),
            parse.GetValue(PlusNoisyShare), parse.GetValue(PlusTemperature), parse.GetValue(PlusFeatureMix),
            parse.GetValue(PlusFeatureMixSpread)),
        Temperature = parse.GetValue(Temperature),
        LearningRate = parse.GetValue(LearningRate),
        BatchSize = parse.GetValue(BatchSize),
        FirstSeed = parse.GetValue(Seed),
        Device = parse.GetValue(Device)!,
        Threads = parse.GetValue(Threads),
    };

    /// <summary>The students' architecture: <paramref name="spec"/>, with --student-head-width's heads when given.
    /// </summary>
    public static ArchitectureSpec Students(ParseResult parse, ArchitectureSpec spec) =>
        parse.GetValue(StudentHeadWidth) is { } width ? spec.WithHeadWidth(width) : spec;

    /// <summary><paramref name="options"/> with the --plus-recipe's settings for <paramref name="trainRows"/> rows.
    /// </summary>
    public static TrainingOptions WithRecipe(TrainingOptions options, ParseResult parse, int trainRows) =>
        HydraPlusRecipes.Apply(parse.GetValue(PlusRecipe), options, trainRows);

    /// <summary>Whether -T was typed (hydra distill then keeps it over the teachers' measured temperature).</summary>
    public static bool TemperatureGiven(ParseResult parse) => parse.GetResult(Temperature) is { Implicit: false };

    /// <summary>--output, or runs/{prefix}{dataset}-{arch}-{time}.</summary>
    public static string OutputFolder(ParseResult parse, DatasetBundle bundle, ArchitectureSpec spec,
        string prefix = "") =>
        parse.GetValue(Output) ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture,
            $"{prefix}{bundle.Name}-{spec.Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
}
