using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class DivergenceMetricsTests
{
    private const double Ln2 = 0.6931471805599453;

    [Fact]
    public void MeanKullbackLeibler_TwoRows_MatchesHandValue()
    {
        // row 0: p [.5,.5,0], q [.25,.25,.5] -> 2 * 0.5 (ln .5 - ln .25) + 0 = ln 2
        // row 1: p [.25,.25,.5], q [.5,.25,.25] -> .25 ln(.5) + 0 + .5 ln 2 = 0.25 ln 2
        // mean = 0.625 ln 2
        float[] p = [0.5f, 0.5f, 0f, 0.25f, 0.25f, 0.5f];
        float[] q = [0.25f, 0.25f, 0.5f, 0.5f, 0.25f, 0.25f];

        var kl = DivergenceMetrics.MeanKullbackLeibler(p, q, 3);

        Assert.Equal(0.625 * Ln2, kl, 1e-12);
    }

    [Fact]
    public void MeanKullbackLeibler_QZeroWherePPositive_IsFlooredAt1EMinus12()
    {
        // 1 * (ln 1 - ln 1e-12) = 27.631021115928547
        float[] p = [1f, 0f];
        float[] q = [0f, 1f];

        var kl = DivergenceMetrics.MeanKullbackLeibler(p, q, 2);

        Assert.Equal(27.631021115928547, kl, 1e-9);
    }

    [Fact]
    public void MeanKullbackLeibler_SameDistributions_IsZero()
    {
        float[] p = [0.2f, 0.3f, 0.5f, 0f, 0.9f, 0.1f];

        var kl = DivergenceMetrics.MeanKullbackLeibler(p, p, 3);

        Assert.Equal(0.0, kl);
    }

    [Fact]
    public void MeanKullbackLeibler_MismatchedLengths_ThrowsNamingLengths()
    {
        float[] p = [0.5f, 0.5f];
        float[] q = [0.5f, 0.5f, 0.5f, 0.5f];

        var error = Assert.Throws<ArgumentException>(() => DivergenceMetrics.MeanKullbackLeibler(p, q, 2));

        Assert.Contains("2", error.Message, StringComparison.Ordinal);
        Assert.Contains("4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeanKullbackLeibler_PartialRow_Throws()
    {
        float[] p = [0.5f, 0.5f, 0f];

        Assert.Throws<ArgumentException>(() => DivergenceMetrics.MeanKullbackLeibler(p, p, 2));
    }
}
