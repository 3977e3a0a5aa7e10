using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class RegressionFidelityTests
{
    private const double Ln2 = 0.6931471805599453;

    [Fact]
    public void Compare_HandBuiltDecompositions_MatchesHandValues()
    {
        // Epistemic: ensemble [.2, .5, .3] (ranks 1,3,2), student [.1, .6, .4] (ranks 1,3,2) -> rho 1; MAE (.1 + .1 +
        // .1)/3 = .1
        // Total: ensemble [1, 4, 2] (ranks 1,3,2), student [4, 4, 2] (ranks 2.5,2.5,1)
        //   dx = [−1, 1, 0], dy = [.5, .5, −1] -> Σdxdy 0 -> rho 0; MAE (3 + 0 + 0)/3 = 1
        // KL per row: N(0,1) ‖ N(1,4) = ln2 − .25; N(1,4) ‖ N(1,4) = 0; N(2,2) ‖ N(2,2) = 0 -> mean (ln2 − .25)/3
        var ensemble = new RegressionUncertainty(Mean: [0, 1, 2], Aleatoric: [0.8, 3.5, 1.7], Epistemic: [0.2, 0.5,
            0.3], Total: [1, 4, 2]);
        var student = new RegressionUncertainty(Mean: [1, 1, 2], Aleatoric: [3.9, 3.4, 1.6], Epistemic: [0.1, 0.6,
            0.4], Total: [4, 4, 2]);

        var result = RegressionFidelity.Compare(ensemble, student);

        Assert.Equal(1.0, result.EpistemicSpearman, 1e-12);
        Assert.Equal(0.1, result.EpistemicMae, 1e-12);
        Assert.Equal(0.0, result.TotalSpearman, 1e-12);
        Assert.Equal(1.0, result.TotalMae, 1e-12);
        Assert.Equal((Ln2 - 0.25) / 3, result.KlToEnsemble, 1e-12);
    }

    [Fact]
    public void Compare_StudentEqualsEnsemble_IsPerfect()
    {
        float[] means = [1f, 3f, -2f, -1f, 0f, 0.5f];
        float[] variances = [0.5f, 1.5f, 4f, 2f, 1f, 1f];
        var ensemble = RegressionMetrics.Decompose(means, variances, rows: 3, heads: 2);

        var result = RegressionFidelity.Compare(ensemble, ensemble);

        Assert.Equal(1.0, result.EpistemicSpearman, 1e-12);
        Assert.Equal(0.0, result.EpistemicMae);
        Assert.Equal(1.0, result.TotalSpearman, 1e-12);
        Assert.Equal(0.0, result.TotalMae);
        Assert.Equal(0.0, result.KlToEnsemble, 1e-15);
    }

    [Fact]
    public void Compare_DifferentRowCounts_ThrowsNamingCounts()
    {
        var ensemble = new RegressionUncertainty([0, 1], [1, 1], [0, 0], [1, 1]);
        var student = new RegressionUncertainty([0, 1, 2], [1, 1, 1], [0, 0, 0], [1, 1, 1]);

        var e = Assert.Throws<ArgumentException>(() => RegressionFidelity.Compare(ensemble, student));

        Assert.Contains("2 rows", e.Message, StringComparison.Ordinal);
        Assert.Contains("3", e.Message, StringComparison.Ordinal);
    }
}
