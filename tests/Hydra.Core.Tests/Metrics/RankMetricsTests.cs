using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class RankMetricsTests
{
    [Fact]
    public void Spearman_NoTies_MatchesClassicFormula()
    {
        // ranks x [1,2,3,4,5], ranks y [1,3,2,5,4]; d = [0,-1,1,-1,1], Σd² = 4
        // rho = 1 - 6 * 4 / (5 * 24) = 0.8
        double[] x = [10, 20, 30, 40, 50];
        double[] y = [1, 3, 2, 5, 4];

        var rho = RankMetrics.Spearman(x, y);

        Assert.Equal(0.8, rho, 1e-12);
    }

    [Fact]
    public void Spearman_WithTies_UsesAverageRanks()
    {
        // ranks x [1, 2.5, 2.5, 4], ranks y [1, 3, 2, 4], mean rank 2.5
        // dx = [-1.5, 0, 0, 1.5], dy = [-1.5, .5, -.5, 1.5]
        // Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5 -> rho = 4.5 / sqrt(22.5) = sqrt(0.9)
        double[] x = [1, 2, 2, 3];
        double[] y = [1, 3, 2, 4];

        var rho = RankMetrics.Spearman(x, y);

        Assert.Equal(0.9486832980505138, rho, 1e-12);
    }

    [Fact]
    public void Spearman_MonotoneTransform_IsOne()
    {
        var random = new Random(11);
        var x = Enumerable.Range(0, 500).Select(_ => (random.NextDouble() * 6) - 3).ToArray();
        var y = x.Select(v => Math.Exp(v) + (v * v * v)).ToArray();

        var rho = RankMetrics.Spearman(x, y);

        Assert.Equal(1.0, rho, 1e-12);
    }

    [Fact]
    public void Spearman_DecreasingTransform_IsMinusOne()
    {
        double[] x = [0.3, 0.1, 0.7, 0.2];
        var y = x.Select(v => -2 * v).ToArray();

        var rho = RankMetrics.Spearman(x, y);

        Assert.Equal(-1.0, rho, 1e-12);
    }

    [Fact]
    public void Spearman_ConstantInput_IsZero()
    {
        double[] x = [1, 2, 3];
        double[] y = [5, 5, 5];

        var rho = RankMetrics.Spearman(x, y);

        Assert.Equal(0.0, rho);
    }

    [Fact]
    public void Spearman_MismatchedLengths_ThrowsNamingLengths()
    {
        double[] x = [1, 2, 3];
        double[] y = [1, 2];

        var error = Assert.Throws<ArgumentException>(() => RankMetrics.Spearman(x, y));

        Assert.Contains("3", error.Message, StringComparison.Ordinal);
        Assert.Contains("2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spearman_NaN_Throws()
    {
        double[] x = [1, double.NaN, 3];
        double[] y = [1, 2, 3];

        Assert.Throws<ArgumentException>(() => RankMetrics.Spearman(x, y));
    }

    [Fact]
    public void Auroc_WithTies_CountsHalf()
    {
        // pos 0.4 vs negs [0.1, 0.4, 0.4]: 1 + 0.5 + 0.5 = 2; pos 0.8 beats all three: 3
        // AUROC = 5 / 6
        double[] negatives = [0.4, 0.1, 0.4];
        double[] positives = [0.8, 0.4];

        var auroc = RankMetrics.Auroc(negatives, positives);

        Assert.Equal(5.0 / 6.0, auroc, 1e-12);
    }

    [Fact]
    public void Auroc_PerfectSeparation_IsOneAndReversedIsZero()
    {
        double[] low = [0.1, 0.2, 0.3];
        double[] high = [0.6, 0.9];

        var separated = RankMetrics.Auroc(low, high);
        var reversed = RankMetrics.Auroc(high, low);

        Assert.Equal(1.0, separated);
        Assert.Equal(0.0, reversed);
    }

    [Fact]
    public void Auroc_AllScoresEqual_IsHalf()
    {
        double[] negatives = [0.5, 0.5];
        double[] positives = [0.5, 0.5, 0.5];

        var auroc = RankMetrics.Auroc(negatives, positives);

        Assert.Equal(0.5, auroc);
    }

    [Theory]
    [InlineData(1, 300, 200)]
    [InlineData(2, 1, 50)]
    [InlineData(3, 77, 1)]
    public void Auroc_RandomScoresWithTies_MatchesBruteForce(int seed, int negativeCount, int positiveCount)
    {
        // Rounding to one decimal makes ties frequent; positives are shifted up a little so AUROC is not ~0.5.
        var random = new Random(seed);
        var negatives = Enumerable.Range(0, negativeCount).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray();
        var positives = Enumerable.Range(0, positiveCount).Select(_ => Math.Round(random.NextDouble() + 0.2,
            1)).ToArray();

        var auroc = RankMetrics.Auroc(negatives, positives);

        Assert.Equal(BruteForceAuroc(negatives, positives), auroc, 1e-12);
    }

    [Fact]
    public void Auroc_EmptyPositives_Throws()
    {
        double[] negatives = [0.1];

        Assert.Throws<ArgumentException>(() => RankMetrics.Auroc(negatives, []));
    }

    [Fact]
    public void MeanAbsoluteError_ThreeValues_MatchesHandValue()
    {
        // |1-2| + |2-2| + |3-5| = 3, over 3 values = 1
        double[] x = [1, 2, 3];
        double[] y = [2, 2, 5];

        var mae = RankMetrics.MeanAbsoluteError(x, y);

        Assert.Equal(1.0, mae, 1e-12);
    }

    [Fact]
    public void MeanAbsoluteError_MismatchedLengths_Throws()
    {
        double[] x = [1, 2, 3];
        double[] y = [1, 2, 3, 4];

        Assert.Throws<ArgumentException>(() => RankMetrics.MeanAbsoluteError(x, y));
    }

    private static double BruteForceAuroc(double[] negatives, double[] positives)
    {
        var score = 0.0;
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                score += p > n ? 1.0 : p == n ? 0.5 : 0.0;
            }
        }

        return score / (negatives.Length * (double)positives.Length);
    }
}
