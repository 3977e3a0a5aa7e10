using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class FidelityTests
{
    private const double Ln2 = 0.6931471805599453;

    [Fact]
    public void Compare_HandBuiltDecompositions_MatchesHandValues()
    {
        // Epistemic: ensemble [.1,.2,.3] (ranks 1,2,3), student [.2,.1,.3] (ranks 2,1,3)
        //   dx = [-1,0,1], dy = [0,-1,1] -> Σdxdy 1, Σdx² 2, Σdy² 2 -> rho 0.5; MAE (.1 + .1 + 0)/3
        // Total: ensemble [1,2,3], student [1.5,2.5,3.5] -> rho 1, MAE 0.5
        // Mean KL(ensemble ‖ student): each row p [.5,.5,0], q [.25,.25,.5] -> ln 2
        float[] ensembleMean = [0.5f, 0.5f, 0f, 0.5f, 0.5f, 0f, 0.5f, 0.5f, 0f];
        float[] studentMean = [0.25f, 0.25f, 0.5f, 0.25f, 0.25f, 0.5f, 0.25f, 0.25f, 0.5f];
        var ensemble = new UncertaintyDecomposition(ensembleMean, [1, 2, 3], [0.9, 1.8, 2.7], [0.1, 0.2, 0.3]);
        var student = new UncertaintyDecomposition(studentMean, [1.5, 2.5, 3.5], [1.3, 2.4, 3.2], [0.2, 0.1, 0.3]);

        var result = Fidelity.Compare(ensemble, student, 3);

        Assert.Equal(0.5, result.EpistemicSpearman, 1e-12);
        Assert.Equal(0.2 / 3, result.EpistemicMae, 1e-12);
        Assert.Equal(1.0, result.TotalSpearman, 1e-12);
        Assert.Equal(0.5, result.TotalMae, 1e-12);
        Assert.Equal(Ln2, result.KlToEnsemble, 1e-12);
    }

    [Fact]
    public void Compare_StudentEqualsEnsemble_IsPerfect()
    {
        float[] members =
        [
            0.9f, 0.1f, 0.6f, 0.4f,
            0.5f, 0.5f, 0.2f, 0.8f,
            0.3f, 0.7f, 0.99f, 0.01f,
        ];
        var ensemble = UncertaintyMetrics.Decompose(members, rows: 3, members: 2, classes: 2);

        var result = Fidelity.Compare(ensemble, ensemble, 2);

        Assert.Equal(1.0, result.EpistemicSpearman, 1e-12);
        Assert.Equal(0.0, result.EpistemicMae);
        Assert.Equal(1.0, result.TotalSpearman, 1e-12);
        Assert.Equal(0.0, result.TotalMae);
        Assert.Equal(0.0, result.KlToEnsemble);
    }

    [Fact]
    public void Compare_DifferentRowCounts_ThrowsNamingCounts()
    {
        var ensemble = new UncertaintyDecomposition([0.5f, 0.5f, 0.5f, 0.5f], [1, 2], [0.5, 1], [0.5, 1]);
        var student = new UncertaintyDecomposition([0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f], [1, 2, 3], [0.5, 1, 2], [0.5,
            1, 1]);

        var error = Assert.Throws<ArgumentException>(() => Fidelity.Compare(ensemble, student, 2));

        Assert.Contains("2 rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NullStudent_Throws()
    {
        var ensemble = new UncertaintyDecomposition([0.5f, 0.5f], [1], [0.5], [0.5]);

        Assert.Throws<ArgumentNullException>(() => Fidelity.Compare(ensemble, null!, 2));
    }
}
