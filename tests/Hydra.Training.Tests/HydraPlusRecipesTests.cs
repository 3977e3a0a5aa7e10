using Hydra.Core.Errors;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Tests;

public class HydraPlusRecipesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("per-batch")]
    public void Apply_PerBatchOrNone_LeavesTheOptionsAsTheyAre(string? recipe)
    {
        var options = new TrainingOptions { HydraPhase2Epochs = 10 };

        Assert.Same(options, HydraPlusRecipes.Apply(recipe, options, 60_000));
    }

    [Theory]
    [InlineData(10, 6)] // the Fashion-MNIST protocol: FH6
    [InlineData(40, 24)]
    [InlineData(5, 3)] // 0.6 × 5 = 3
    [InlineData(4, 2)] // 2.4 → 2
    [InlineData(1, 1)] // 0.6 → 1
    [InlineData(0, 1)] // at least one epoch
    public void Apply_Pooled_TakesSixTenthsOfHydrasPhaseTwoEpochs(int hydraEpochs, int plusEpochs)
    {
        var options = HydraPlusRecipes.Apply("pooled", new TrainingOptions { HydraPhase2Epochs = hydraEpochs }, 500);

        Assert.Equal(plusEpochs, options.PlusPhase2Epochs);
        Assert.Equal(plusEpochs, options.OffManifold.PoolRefreshEpochs);
    }

    [Fact]
    public void Apply_Pooled_KeepsTheOtherSyntheticSettings()
    {
        var options = new TrainingOptions
        {
            HydraPhase2Epochs = 10,
            OffManifold = new OffManifoldOptions(NoiseStd: 2, Weight: 3, Families: SyntheticFamilies.Noisy),
        };

        var pooled = HydraPlusRecipes.Apply("pooled", options, 1234);

        Assert.Equal(options.OffManifold with
        {
            PoolSize = 1234,
            PoolRefreshEpochs = 6,
            PoolShare = 1.5,
            ShuffleFraction = 0.5,
        }, pooled.OffManifold);
        Assert.True(pooled.HydraPlusFromHydra);
        pooled.Validate();
    }

    [Theory]
    [InlineData(60_000, 5, 30_000, 2)] // the Fashion-MNIST CNN protocol: CD256-E2-NCT-P10's pool and epochs
    [InlineData(60_000, 10, 30_000, 4)]
    [InlineData(301, 1, 151, 1)] // half rounded up; at least one epoch
    public void Apply_PooledMixed_HalfThePoolFourTenthsOfTheEpochsAndThreeFamilies(int rows, int hydraEpochs, int pool,
        int plusEpochs)
    {
        var options = new TrainingOptions { HydraPhase2Epochs = hydraEpochs };

        var mixed = HydraPlusRecipes.Apply("pooled-mixed", options, rows);

        Assert.Equal(options.OffManifold with
        {
            PoolSize = pool,
            PoolRefreshEpochs = plusEpochs,
            PoolShare = 1.5,
            ShuffleFraction = 0.5,
            Families = SyntheticFamilies.Noisy | SyntheticFamilies.CutMix | SyntheticFamilies.Turn,
        }, mixed.OffManifold);
        Assert.Equal((plusEpochs, true), (mixed.PlusPhase2Epochs, mixed.HydraPlusFromHydra));
        mixed.Validate();
    }

    [Fact]
    public void Apply_UnknownRecipe_IsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            HydraPlusRecipes.Apply("fancy", new TrainingOptions(), 10));

        Assert.Equal("Unknown Hydra+ recipe 'fancy'; one of: per-batch, pooled, pooled-mixed.", error.Message);
    }
}
