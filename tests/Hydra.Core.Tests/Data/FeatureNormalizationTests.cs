using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class FeatureNormalizationTests
{
    [Fact]
    public void Fit_ThreeRows_GivesPerFeatureMeanAndPopulationStd()
    {
        // feature 0: [1, 3, 5] -> mean 3, variance (4 + 0 + 4)/3 = 8/3; feature 1: [10, 10, 10] -> mean 10, std 0 -> 1
        var train = new Dataset("t", [1f, 10f, 3f, 10f, 5f, 10f], [2]);

        var normalization = FeatureNormalization.Fit(train);

        Assert.Equal([3f, 10f], normalization.Mean);
        Assert.Equal((float)Math.Sqrt(8.0 / 3), normalization.Std[0], 6);
        Assert.Equal(1f, normalization.Std[1]);
    }

    [Fact]
    public void Apply_Rows_StandardisesEachFeature()
    {
        var normalization = new FeatureNormalization([3f, 10f], [2f, 1f]);
        float[] rows = [1f, 10f, 7f, 12f];

        normalization.Apply(rows);

        Assert.Equal([-1f, 0f, 2f, 2f], rows);
    }

    [Fact]
    public void Apply_PartialRow_Throws()
    {
        var normalization = new FeatureNormalization([0f, 0f], [1f, 1f]);

        Assert.Throws<ArgumentException>(() => normalization.Apply(new float[3]));
    }

    [Fact]
    public void TargetScaling_FitAndUnscale_RoundTrip()
    {
        // [1, 2, 3, 4]: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25
        float[] targets = [1f, 2f, 3f, 4f];

        var scaling = TargetScaling.Fit(targets);
        scaling.Apply(targets);

        Assert.Equal(2.5f, scaling.Mean);
        Assert.Equal((float)Math.Sqrt(1.25), scaling.Std, 6);
        Assert.Equal(0f, targets.Sum(), 5);
        Assert.Equal(4.0, scaling.UnscaleMean(targets[3]), 5);
        Assert.Equal(1.25 * 4, scaling.UnscaleVariance(4), 5);
    }

    [Fact]
    public void TargetScaling_ConstantTargets_KeepStdOne()
    {
        var scaling = TargetScaling.Fit([7f, 7f]);

        Assert.Equal(new TargetScaling(7f, 1f), scaling);
    }
}
