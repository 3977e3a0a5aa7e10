using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

public sealed class CubicRegressionTests
{
    [Fact]
    public void CubicRegression_SameSeed_GivesSameRows()
    {
        var a = SyntheticDatasets.CubicRegression(200, seed: 5);
        var b = SyntheticDatasets.CubicRegression(200, seed: 5);
        var c = SyntheticDatasets.CubicRegression(200, seed: 6);

        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Targets!, b.Targets!);
        Assert.NotEqual(a.Features, c.Features);
    }

    [Fact]
    public void CubicRegression_Inputs_AreOneFeatureInsideTheRange()
    {
        var dataset = SyntheticDatasets.CubicRegression(1000, seed: 1);

        Assert.Equal([1], dataset.RowShape);
        Assert.Equal(1000, dataset.Count);
        Assert.All(dataset.Features, x => Assert.InRange(x, -4f, 4f));
        Assert.Null(dataset.Labels);
        Assert.True(dataset.Features.Min() < -3.9f && dataset.Features.Max() > 3.9f);
    }

    [Fact]
    public void CubicRegression_NoiseSpread_GrowsWithDistanceFromTheOrigin()
    {
        // σ(x) = 3(1 + |x|). With |x| uniform on an interval [a, b], the residuals' RMS is 3·√(E[(1+|x|)²]):
        //   |x| < 1:      E[(1+u)²] = (2³ − 1³)/3 = 7/3    -> RMS 3·√(7/3)  ≈ 4.583
        //   3 < |x| ≤ 4:  E[(1+u)²] = (5³ − 4³)/3 = 61/3   -> RMS 3·√(61/3) ≈ 13.528
        var dataset = SyntheticDatasets.CubicRegression(40000, seed: 3);

        var inner = ResidualRms(dataset, x => Math.Abs(x) < 1);
        var outer = ResidualRms(dataset, x => Math.Abs(x) > 3);

        Assert.Equal(3 * Math.Sqrt(7.0 / 3), inner, 0.05 * inner);
        Assert.Equal(3 * Math.Sqrt(61.0 / 3), outer, 0.05 * outer);
        Assert.True(outer > 2.5 * inner, $"outer RMS {outer} vs inner {inner}");
    }

    [Fact]
    public void CubicRegressionOutside_Inputs_LieOnBothSidesBeyondFour()
    {
        var dataset = SyntheticDatasets.CubicRegressionOutside(2000, seed: 2);

        Assert.All(dataset.Features, x => Assert.True(Math.Abs(x) is > 4f and <= 6f, $"x = {x}"));
        Assert.InRange(dataset.Features.Count(x => x < 0), 900, 1100);
        Assert.Equal(2000, dataset.Targets!.Length);
        Assert.All(Enumerable.Range(0, 2000), i =>
            Assert.True(Math.Abs(dataset.Targets[i] - Math.Pow(dataset.Features[i],
                3)) < 7 * SyntheticDatasets.CubicNoiseStd(dataset.Features[i])));
    }

    private static double ResidualRms(Dataset dataset, Func<double, bool> include)
    {
        var squares = Enumerable.Range(0, dataset.Count)
            .Where(i => include(dataset.Features[i]))
            .Select(i => dataset.Targets![i] - Math.Pow(dataset.Features[i], 3))
            .Select(r => r * r)
            .ToArray();
        return Math.Sqrt(squares.Average());
    }
}
