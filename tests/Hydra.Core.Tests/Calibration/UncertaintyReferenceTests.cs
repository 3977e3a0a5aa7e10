using Hydra.Core.Calibration;

namespace Hydra.Core.Tests.Calibration;

public sealed class UncertaintyReferenceTests
{
    [Theory]
    // Type 7 by hand on [1, 2, 3, 4, 5]: position (n − 1)·q = 4q, interpolated between neighbours.
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.9, 4.6)]
    [InlineData(0.99, 4.96)]
    [InlineData(1.0, 5.0)]
    [InlineData(0.125, 1.5)]
    public void Quantile_FiveValues_InterpolatesBetweenOrderStatistics(double level, double expected)
    {
        var reference = UncertaintyReference.From([5f, 3f, 1f, 4f, 2f]);

        Assert.Equal(expected, reference.Quantile(level), 6);
    }

    [Fact]
    public void From_Values_SortsThemAndStatesTheStandardLevels()
    {
        var reference = UncertaintyReference.From([5f, 3f, 1f, 4f, 2f]);

        Assert.Equal([1f, 2f, 3f, 4f, 5f], reference.Sorted);
        Assert.Equal(["50", "90", "95", "99", "99.9"], reference.Quantiles.Keys);
        Assert.Equal(4.6, reference.Quantiles["90"], 6);
        Assert.Equal(4.996, reference.Quantiles["99.9"], 6);
    }

    [Theory]
    [InlineData(0f, 0.0)]
    [InlineData(1f, 0.0)]
    [InlineData(2.5f, 0.4)]
    [InlineData(3f, 0.4)]
    [InlineData(3.0001f, 0.8)]
    [InlineData(5f, 0.8)]
    [InlineData(9f, 1.0)]
    public void ShareBelow_Value_CountsReferenceValuesStrictlyBelowIt(float value, double expected)
    {
        // Ties: 3 appears twice; neither is below 3.
        var reference = UncertaintyReference.From([1f, 2f, 3f, 3f, 5f]);

        Assert.Equal(expected, reference.ShareBelow(value), 9);
    }

    [Fact]
    public void ShareBelow_AgreesWithALinearCountOnRandomValues()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 1000).Select(_ => (float)Math.Round(random.NextDouble(), 2)).ToArray();
        var reference = UncertaintyReference.From(values);

        for (var i = 0; i < 200; i++)
        {
            var probe = (float)random.NextDouble();
            Assert.Equal(values.Count(v => v < probe) / 1000.0, reference.ShareBelow(probe), 9);
        }
    }

    [Fact]
    public void From_NoValuesOrNotFinite_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => UncertaintyReference.From([]));
        Assert.Throws<ArgumentException>(() => UncertaintyReference.From([1f, float.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyReference.From([1f]).Quantile(1.5));
    }
}
