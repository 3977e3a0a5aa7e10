using Hydra.Core.Errors;
using Hydra.Core.Jobs;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Named Hydra+ recipes (<see cref="HydraPlusRecipeNames"/>) as training settings. "pooled" is the recipe chosen on
/// validation data only (docs/results/hydra-plus-selection, 2026-12-03, second sitting: FH6), scaled to the data: a
/// pool of as many synthetic rows as there are training rows, made and labelled once; 1.5 pooled rows per real row,
/// half of them feature-shuffled; Hydra+'s phase 2 continues from the trained Hydra for 6/10 of Hydra's phase-2 epochs
/// (at least one). On the Fashion-MNIST MLP protocol it costs 1.26× Hydra's phase 2 and no phase 1.
/// "pooled-mixed" is the CNN's candidate chosen on the CNN's validation sets (docs/results/
/// fashion-mnist-cnn-hydra-plus-pooled, CD256-E2-NCT-P10, with 256-wide student heads): a pool of half the training
/// rows from the noisy, cutmix and turn families, 1.5 pooled rows per real row, half of the noisy ones
/// feature-shuffled, and 4/10 of Hydra's phase-2 epochs continued from Hydra. On the Fashion-MNIST CNN protocol with
/// --student-head-width 256 it costs 1.07× Hydra's phase 2 over 3 seed sets; on the MLP's validation sets it is worse
/// than "pooled" (mean OOD fidelity 0.826 against 0.885), so the MLP keeps "pooled".
/// </summary>
public static class HydraPlusRecipes
{
    /// <summary>Pooled rows per real row in <see cref="HydraPlusRecipeNames.Pooled"/>.</summary>
    public const double PooledShare = 1.5;

    /// <summary>Share of the pooled recipe's synthetic rows that are feature-shuffled.</summary>
    public const double PooledShuffle = 0.5;

    /// <summary>Hydra+'s phase-2 epochs in the pooled recipe, as a fraction of Hydra's.</summary>
    public const double PooledEpochFraction = 0.6;

    /// <summary>Hydra+'s phase-2 epochs in the pooled-mixed recipe, as a fraction of Hydra's.</summary>
    public const double MixedEpochFraction = 0.4;

    /// <summary>The pooled-mixed recipe's synthetic families.</summary>
    public const SyntheticFamilies MixedFamilies = SyntheticFamilies.Noisy | SyntheticFamilies.CutMix
        | SyntheticFamilies.Turn;

    /// <summary>
    /// <paramref name="options"/> with <paramref name="recipe"/>'s settings for <paramref name="trainRows"/> training
    /// rows; "per-batch" and null leave them as they are.
    /// </summary>
    /// <exception cref="InvalidRequestException">An unknown recipe.</exception>
    public static TrainingOptions Apply(string? recipe, TrainingOptions options, int trainRows)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(trainRows, 1);
        switch (recipe)
        {
            case null or HydraPlusRecipeNames.PerBatch:
                return options;
            case HydraPlusRecipeNames.Pooled:
                return Pooled(options, trainRows, PooledEpochFraction);
            case HydraPlusRecipeNames.PooledMixed:
                var mixed = Pooled(options, (trainRows + 1) / 2, MixedEpochFraction);
                return mixed with { OffManifold = mixed.OffManifold with { Families = MixedFamilies } };
            default:
                throw new InvalidRequestException(
                    $"Unknown Hydra+ recipe '{recipe}'; one of: {string.Join(", ", HydraPlusRecipeNames.All)}.");
        }
    }

    /// <summary>A pool of <paramref name="poolRows"/> rows labelled once, 1.5 per real row, half of them shuffled, and
    /// <paramref name="epochFraction"/> of Hydra's phase-2 epochs (at least one) continued from Hydra.</summary>
    private static TrainingOptions Pooled(TrainingOptions options, int poolRows, double epochFraction)
    {
        var epochs = Math.Max(1, (int)Math.Round(epochFraction * options.HydraPhase2Epochs,
            MidpointRounding.AwayFromZero));
        return options with
        {
            HydraPlusPhase2Epochs = epochs,
            HydraPlusFromHydra = true,
            OffManifold = options.OffManifold with
            {
                PoolSize = poolRows,
                PoolRefreshEpochs = epochs,
                PoolShare = PooledShare,
                ShuffleFraction = PooledShuffle,
            },
        };
    }
}
