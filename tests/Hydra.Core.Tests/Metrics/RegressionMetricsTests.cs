using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class RegressionMetricsTests
{
    private const double Ln2 = 0.6931471805599453;
    private const double HalfLogTwoPi = 0.9189385332046727;

    [Fact]
    public void Decompose_TwoRowsTwoHeads_MatchesHandValues()
    {
        // row 0: μ [1, 3], σ² [0.5, 1.5] -> mean 2, aleatoric 1, epistemic ((1−2)² + (3−2)²)/2 = 1, total 2
        // row 1: μ [−2, −2], σ² [4, 2]  -> mean −2, aleatoric 3, epistemic 0, total 3
        float[] means = [1f, 3f, -2f, -2f];
        float[] variances = [0.5f, 1.5f, 4f, 2f];

        var result = RegressionMetrics.Decompose(means, variances, rows: 2, heads: 2);

        Assert.Equal([2.0, -2.0], result.Mean);
        Assert.Equal([1.0, 3.0], result.Aleatoric);
        Assert.Equal([1.0, 0.0], result.Epistemic);
        Assert.Equal([2.0, 3.0], result.Total);
    }

    [Fact]
    public void Decompose_LargeMeansWithSmallSpread_KeepsTheSpread()
    {
        // μ [10000.5, 10001.5]: mean 10001, epistemic (0.25 + 0.25)/2 = 0.25 exactly (all values exact in float).
        float[] means = [10000.5f, 10001.5f];
        float[] variances = [1f, 1f];

        var result = RegressionMetrics.Decompose(means, variances, rows: 1, heads: 2);

        Assert.Equal(0.25, result.Epistemic[0]);
    }

    [Fact]
    public void Rmse_ThreeRows_MatchesHandValue()
    {
        // errors [−1, 0, −2] -> squares [1, 0, 4] -> mean 5/3 -> √(5/3) = 1.2909944487358056
        double[] predicted = [1, 2, 3];
        float[] targets = [2f, 2f, 5f];

        var rmse = RegressionMetrics.Rmse(predicted, targets);

        Assert.Equal(1.2909944487358056, rmse, 1e-15);
    }

    [Fact]
    public void MixtureNll_OneHead_EqualsGaussianNll()
    {
        // row 0: μ 1, σ² 4, y 2 -> ½ log(2π·4) + (2−1)²/(2·4) = ½ ln(8π) + 0.125 = 1.612085713764618 + 0.125 =
        // 1.737085713764618
        // row 1: μ 0, σ² 1, y 0 -> ½ ln(2π) = 0.9189385332046727
        float[] means = [1f, 0f];
        float[] variances = [4f, 1f];
        float[] targets = [2f, 0f];

        var nll = RegressionMetrics.MixtureNll(means, variances, rows: 2, heads: 1, targets);

        Assert.Equal((1.737085713764618 + HalfLogTwoPi) / 2, nll, 1e-12);
    }

    [Fact]
    public void MixtureNll_TwoIdenticalHeads_EqualsOneHead()
    {
        float[] targets = [2f, 0f];
        var single = RegressionMetrics.MixtureNll([1f, 0f], [4f, 1f], rows: 2, heads: 1, targets);

        var doubled = RegressionMetrics.MixtureNll([1f, 1f, 0f, 0f], [4f, 4f, 1f, 1f], rows: 2, heads: 2, targets);

        Assert.Equal(single, doubled, 1e-12);
    }

    [Fact]
    public void MixtureNll_TwoHeadsEquallyFar_MatchesHandValue()
    {
        // μ [−1, 1], σ² 1, y 0: both densities e^(−½)/√(2π), so the mixture density is the same -> ½ ln(2π) + ½
        var nll = RegressionMetrics.MixtureNll([-1f, 1f], [1f, 1f], rows: 1, heads: 2, [0f]);

        Assert.Equal(HalfLogTwoPi + 0.5, nll, 1e-12);
    }

    [Fact]
    public void MixtureNll_TargetFarInTheTails_StaysFinite()
    {
        // μ [0, 1], σ² 1, y 100: log densities −½ln2π − 5000 and −½ln2π − 4900.5; exp of either underflows to 0.
        // log-sum-exp: −½ln2π − 4900.5 + ln(1 + e^(−99.5)) ≈ −½ln2π − 4900.5; minus ln 2 for the 1/M weight.
        var nll = RegressionMetrics.MixtureNll([0f, 1f], [1f, 1f], rows: 1, heads: 2, [100f]);

        Assert.Equal(HalfLogTwoPi + 4900.5 + Ln2, nll, 1e-9);
    }

    [Fact]
    public void Coverage95_OneHead_CountsTargetsInsideMuPlusMinus196Sigma()
    {
        // The interval is μ ± 1.959964σ:
        // row 0: μ 0, σ 1, y = 0 + 1.95·1 = 1.95         -> inside
        // row 1: μ 10, σ 2, y = 10 − 1.97·2 = 6.06       -> outside
        // row 2: μ −3, σ 0.5, y = −3 − 1.95·0.5 = −3.975 -> inside
        // row 3: μ 5, σ 3, y = 5 + 1.97·3 = 10.91        -> outside
        float[] means = [0f, 10f, -3f, 5f];
        float[] variances = [1f, 4f, 0.25f, 9f];
        float[] targets = [1.95f, 6.06f, -3.975f, 10.91f];

        var coverage = RegressionMetrics.Coverage95(means, variances, rows: 4, heads: 1, targets);

        Assert.Equal(0.5, coverage);
    }

    [Fact]
    public void Coverage95_WideMixture_CoversWhatOneNarrowHeadMisses()
    {
        // One head N(0, 1) misses y = 3 (beyond 1.96). Adding a head N(4, 1) puts 3 well inside the mixture's interval,
        // whose upper end lies above the second head's mean.
        float[] target = [3f];

        var narrow = RegressionMetrics.Coverage95([0f], [1f], rows: 1, heads: 1, target);
        var mixture = RegressionMetrics.Coverage95([0f, 4f], [1f, 1f], rows: 1, heads: 2, target);

        Assert.Equal(0.0, narrow);
        Assert.Equal(1.0, mixture);
    }

    [Fact]
    public void MixtureQuantile_OneHead_IsMuPlusZSigma()
    {
        // μ 2, σ 2: q(0.975) = 2 + 1.959964·2 = 5.919928, q(0.025) = 2 − 3.919928 = −1.919928; tolerance 1e-6·σ
        var high = RegressionMetrics.MixtureQuantile([2f], [4f], 0.975);
        var low = RegressionMetrics.MixtureQuantile([2f], [4f], 0.025);

        Assert.Equal(2 + (2 * 1.959963984540054), high, 1e-5);
        Assert.Equal(2 - (2 * 1.959963984540054), low, 1e-5);
    }

    [Fact]
    public void MixtureQuantile_SymmetricMixture_IsSymmetricAboutTheCentre()
    {
        // N(−1, 1) and N(1, 1) mirror each other about 0, so q(p) = −q(1 − p) and the median is 0.
        float[] means = [-1f, 1f];
        float[] variances = [1f, 1f];

        var high = RegressionMetrics.MixtureQuantile(means, variances, 0.975);
        var low = RegressionMetrics.MixtureQuantile(means, variances, 0.025);
        var median = RegressionMetrics.MixtureQuantile(means, variances, 0.5);

        Assert.Equal(-low, high, 1e-5);
        Assert.Equal(0.0, median, 1e-5);
        Assert.InRange(high, 1 + 1.959963984540054 - 0.5, 1 + 1.959963984540054);
    }

    [Fact]
    public void GaussianKl_IdenticalGaussians_IsZero()
    {
        var kl = RegressionMetrics.GaussianKl(1.5, 2.0, 1.5, 2.0);

        Assert.Equal(0.0, kl, 1e-15);
    }

    [Fact]
    public void GaussianKl_SimplePair_MatchesHandValueAndIsAsymmetric()
    {
        // KL(N(0,1) ‖ N(1,4)) = log(2/1) + (1 + 1)/(2·4) − ½ = ln2 − 0.25 = 0.4431471805599453
        // KL(N(1,4) ‖ N(0,1)) = log(1/2) + (4 + 1)/2 − ½ = 2 − ln2 = 1.3068528194400546
        var forward = RegressionMetrics.GaussianKl(0, 1, 1, 4);
        var backward = RegressionMetrics.GaussianKl(1, 4, 0, 1);

        Assert.Equal(Ln2 - 0.25, forward, 1e-15);
        Assert.Equal(2 - Ln2, backward, 1e-15);
    }

    [Fact]
    public void GaussianKl_NonPositiveVariance_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionMetrics.GaussianKl(0, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionMetrics.GaussianKl(0, 1, 0, -1));
    }

    [Fact]
    public void MixtureNll_ZeroVarianceAtRowOne_ThrowsNamingTheRow()
    {
        float[] means = [0f, 0f, 0f, 0f];
        float[] variances = [1f, 1f, 1f, 0f];

        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => RegressionMetrics.MixtureNll(means, variances, rows: 2, heads: 2, [0f, 0f]));

        Assert.Contains("row 1, head 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompose_NaNVariance_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionMetrics.Decompose([0f], [float.NaN], rows: 1,
            heads: 1));
    }

    [Fact]
    public void Coverage95_WrongLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Coverage95([0f, 0f], [1f, 1f], rows: 1, heads: 1,
            [0f]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Coverage95([0f], [1f, 1f], rows: 1, heads: 1, [0f]));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Coverage95([0f], [1f], rows: 1, heads: 1, [0f, 1f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionMetrics.Coverage95([], [], rows: 0, heads: 1, []));
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Rmse([1.0], [1f, 2f]));
    }
}
