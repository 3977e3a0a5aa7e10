using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class NormalDistributionTests
{
    // Reference values: 0.5 · erfc(−z/√2) from C's erfc (Python math.erfc).
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(3.0, 0.9986501019683699)]
    [InlineData(-3.0, 0.0013498980316300957)]
    [InlineData(-3.5355339059327378, 0.00020347600872247946)]
    [InlineData(-4.0, 3.1671241833119965e-05)]
    [InlineData(-5.0, 2.866515718791946e-07)]
    [InlineData(-8.0, 6.220960574271819e-16)]
    public void Cdf_KnownPoints_MatchesReferenceToRelativePrecision(double z, double expected)
    {
        var cdf = NormalDistribution.Cdf(z);

        Assert.Equal(expected, cdf, expected * 1e-13);
    }

    [Fact]
    public void Cdf_IsSymmetricAndIncreasing()
    {
        var previous = 0.0;
        for (var z = -9.0; z <= 9.0; z += 0.01)
        {
            var cdf = NormalDistribution.Cdf(z);

            Assert.Equal(1.0, cdf + NormalDistribution.Cdf(-z), 1e-15);
            Assert.True(cdf >= previous, $"Φ({z}) = {cdf} < Φ(previous) = {previous}");
            previous = cdf;
        }
    }
}
