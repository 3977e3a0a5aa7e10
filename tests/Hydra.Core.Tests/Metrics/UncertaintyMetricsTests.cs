using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class UncertaintyMetricsTests
{
    private const double Ln2 = 0.6931471805599453;

    [Fact]
    public void Entropy_UniformOverTwo_IsLn2()
    {
        float[] p = [0.5f, 0.5f];

        var entropy = UncertaintyMetrics.Entropy(p);

        Assert.Equal(Ln2, entropy, 1e-12);
    }

    [Fact]
    public void Entropy_HalfQuarterQuarter_IsOneAndAHalfLn2()
    {
        // -(0.5 ln 0.5 + 2 * 0.25 ln 0.25) = 0.5 ln 2 + 0.5 * 2 ln 2 = 1.5 ln 2
        float[] p = [0.5f, 0.25f, 0.25f];

        var entropy = UncertaintyMetrics.Entropy(p);

        Assert.Equal(1.5 * Ln2, entropy, 1e-12);
    }

    [Fact]
    public void Entropy_OneHotWithZeros_IsZero()
    {
        float[] p = [0f, 1f, 0f];

        var entropy = UncertaintyMetrics.Entropy(p);

        Assert.Equal(0.0, entropy);
    }

    [Fact]
    public void Decompose_TwoRowsTwoMembers_MatchesHandValues()
    {
        // row 0: [1,0,0] and [0,1,0] -> mean [.5,.5,0]; total ln2, aleatoric 0, epistemic ln2
        // row 1: [.5,.5,0] and [.5,0,.5] -> mean [.5,.25,.25]; total 1.5 ln2, aleatoric (ln2 + ln2)/2 = ln2, epistemic
        // 0.5 ln2
        float[] members =
        [
            1f, 0f, 0f, 0f, 1f, 0f,
            0.5f, 0.5f, 0f, 0.5f, 0f, 0.5f,
        ];

        var result = UncertaintyMetrics.Decompose(members, rows: 2, members: 2, classes: 3);

        Assert.Equal([0.5f, 0.5f, 0f, 0.5f, 0.25f, 0.25f], result.MeanProbabilities);
        Assert.Equal(Ln2, result.Total[0], 1e-12);
        Assert.Equal(0.0, result.Aleatoric[0], 1e-12);
        Assert.Equal(Ln2, result.Epistemic[0], 1e-12);
        Assert.Equal(1.5 * Ln2, result.Total[1], 1e-12);
        Assert.Equal(Ln2, result.Aleatoric[1], 1e-12);
        Assert.Equal(0.5 * Ln2, result.Epistemic[1], 1e-12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Decompose_DisagreeingOneHotMembers_EpistemicIsLogM(int m)
    {
        // Member k puts all mass on class k: every member is certain, the mean is uniform over M classes.
        const int Classes = 6;
        var members = new float[m * Classes];
        for (var k = 0; k < m; k++)
        {
            members[(k * Classes) + k] = 1f;
        }

        var result = UncertaintyMetrics.Decompose(members, rows: 1, members: m, classes: Classes);

        Assert.Equal(Math.Log(m), result.Epistemic[0], 1e-6);
        Assert.Equal(0.0, result.Aleatoric[0], 1e-12);
    }

    [Fact]
    public void Decompose_IdenticalMembers_EpistemicIsZero()
    {
        float[] one = [0.1f, 0.3f, 0.6f];
        var members = Enumerable.Repeat(one, 5).SelectMany(p => p).ToArray();

        var result = UncertaintyMetrics.Decompose(members, rows: 1, members: 5, classes: 3);

        Assert.Equal(0.0, result.Epistemic[0], 1e-9);
        Assert.Equal(UncertaintyMetrics.Entropy(one), result.Aleatoric[0], 1e-12);
        Assert.True(result.Aleatoric[0] > 0.5, "the members themselves are uncertain");
    }

    [Fact]
    public void Decompose_ManyRowsOfIdenticalMembers_EpistemicNeverNegative()
    {
        // With identical members total and aleatoric are equal in exact arithmetic; in floating point the
        // difference lands on either side of 0, and the negative side must be clamped.
        const int Rows = 2000, Members = 5, Classes = 10;
        var single = RandomDistributions(new Random(5), Rows, Classes);
        var members = new float[Rows * Members * Classes];
        for (var n = 0; n < Rows; n++)
        {
            for (var m = 0; m < Members; m++)
            {
                single.AsSpan(n * Classes, Classes).CopyTo(members.AsSpan(((n * Members) + m) * Classes));
            }
        }

        var result = UncertaintyMetrics.Decompose(members, Rows, Members, Classes);

        Assert.All(result.Epistemic, e => Assert.InRange(e, 0.0, 1e-12));
    }

    [Fact]
    public void Decompose_RandomMembers_SatisfiesInvariants()
    {
        const int Rows = 300, Members = 5, Classes = 10;
        var members = RandomDistributions(new Random(7), Rows * Members, Classes);

        var result = UncertaintyMetrics.Decompose(members, Rows, Members, Classes);

        for (var n = 0; n < Rows; n++)
        {
            Assert.True(result.Epistemic[n] >= 0, $"epistemic < 0 at row {n}");
            Assert.Equal(result.Total[n], result.Aleatoric[n] + result.Epistemic[n], 1e-12);
            Assert.True(result.Total[n] <= Math.Log(Classes) + 1e-9, $"total above log C at row {n}");
            Assert.Equal(1.0, result.MeanProbabilities.AsSpan(n * Classes, Classes).ToArray().Sum(), 1e-5);
        }

        // Random members disagree, so the mutual information is strictly positive somewhere.
        Assert.True(result.Epistemic.Max() > 0.01);
    }

    [Fact]
    public void Decompose_MeanProbabilities_AreMemberAverages()
    {
        const int Rows = 20, Members = 4, Classes = 3;
        var members = RandomDistributions(new Random(3), Rows * Members, Classes);

        var result = UncertaintyMetrics.Decompose(members, Rows, Members, Classes);

        for (var n = 0; n < Rows; n++)
        {
            for (var c = 0; c < Classes; c++)
            {
                var expected = Enumerable.Range(0, Members).Average(m => members[(((n * Members) + m) * Classes) + c]);
                Assert.Equal(expected, result.MeanProbabilities[(n * Classes) + c], 1e-6);
            }
        }
    }

    [Fact]
    public void Decompose_LengthNotRowsTimesMembersTimesClasses_Throws()
    {
        var members = new float[2 * 3 * 4];

        var error = Assert.Throws<ArgumentException>(() => UncertaintyMetrics.Decompose(members, rows: 2, members: 3,
            classes: 5));

        Assert.Contains("24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompose_ZeroMembers_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UncertaintyMetrics.Decompose([], rows: 1, members: 0,
            classes: 3));
    }

    private static float[] RandomDistributions(Random random, int count, int classes)
    {
        var values = new float[count * classes];
        for (var i = 0; i < count; i++)
        {
            var row = values.AsSpan(i * classes, classes);
            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                // Cubing spreads the mass so some rows are peaked and others flat.
                var w = Math.Pow(random.NextDouble(), 3);
                row[c] = (float)w;
                sum += w;
            }

            for (var c = 0; c < classes; c++)
            {
                row[c] = (float)(row[c] / sum);
            }
        }

        return values;
    }
}
