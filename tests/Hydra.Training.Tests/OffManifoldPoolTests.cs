using Hydra.Core.Architecture;
using Hydra.Core.Errors;
using Hydra.Core.Metrics;
using Hydra.Training.Losses;
using Hydra.Training.Modules;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class OffManifoldPoolTests
{
    private static readonly ArchitectureSpec Spec = ArchitecturePresets.ToyMlp(4, 3);

    [Fact]
    public void Refresh_LabelsEveryRow_WithEachMembersOwnOutputs()
    {
        using var ensemble = Members(3, seed: 11);
        using var training = randn(300, 4);
        random.manual_seed(12);
        // 2500 rows: more than two chunks, the last one partial.
        using var pool = new OffManifoldPool(training, Options(2500, refresh: 1), ensemble);

        pool.Refresh();

        Assert.Equal([2500, 4], pool.Inputs!.shape);
        Assert.Equal([2500, 3, 3], pool.Labels!.shape);
        for (var m = 0; m < 3; m++)
        {
            // Recomputed one row at a time, member by member: no batching or stacking shared with the pool.
            for (var row = 0; row < 2500; row += 97)
            {
                using var input = pool.Inputs.narrow(0, row, 1);
                using var expected = ensemble.Members[m].forward(input).select(1, 0).squeeze(0);
                using var stored = pool.Labels[row, m];
                Assert.True(stored.allclose(expected, rtol: 1e-5, atol: 1e-6), $"row {row}, member {m}");
            }
        }
    }

    [Fact]
    public void BeforeEpoch_RefreshEveryTwo_MakesThePoolInEpochsOneThreeAndFive()
    {
        using var ensemble = Members(2, seed: 13);
        using var training = randn(50, 4);
        random.manual_seed(14);
        using var pool = new OffManifoldPool(training, Options(40, refresh: 2), ensemble);
        var made = new List<int>();
        Tensor? previous = null;
        var changed = new List<bool>();

        for (var epoch = 1; epoch <= 5; epoch++)
        {
            var before = pool.Refreshes;
            pool.BeforeEpoch(epoch);
            if (pool.Refreshes > before)
            {
                made.Add(epoch);
            }

            changed.Add(previous is null || !Same(previous, pool.Inputs!));
            previous?.Dispose();
            previous = pool.Inputs!.clone();
        }

        previous?.Dispose();
        Assert.Equal([1, 3, 5], made);
        Assert.Equal([true, false, true, false, true], changed);
    }

    [Fact]
    public void Refresh_SameSeed_GivesTheSamePoolAndLabels()
    {
        using var ensemble = Members(2, seed: 15);
        using var training = randn(64, 4);

        random.manual_seed(16);
        using var a = new OffManifoldPool(training, Options(500, refresh: 1), ensemble);
        a.Refresh();
        random.manual_seed(16);
        using var b = new OffManifoldPool(training, Options(500, refresh: 1), ensemble);
        b.Refresh();
        random.manual_seed(17);
        using var c = new OffManifoldPool(training, Options(500, refresh: 1), ensemble);
        c.Refresh();

        Assert.True(Same(a.Inputs!, b.Inputs!));
        Assert.True(Same(a.Labels!, b.Labels!));
        Assert.False(Same(a.Inputs!, c.Inputs!));
    }

    [Fact]
    public void Draw_GivesRowsOfThePoolWithTheirOwnLabels()
    {
        using var ensemble = Members(2, seed: 18);
        using var training = randn(64, 4);
        random.manual_seed(19);
        using var pool = new OffManifoldPool(training, Options(30, refresh: 1), ensemble);
        pool.Refresh();

        var (inputs, labels, weights) = pool.Draw(200);
        using (inputs)
        using (labels)
        {
            Assert.Null(weights);
            Assert.Equal([200, 4], inputs.shape);
            for (var i = 0; i < 200; i += 7)
            {
                // Find the drawn row in the pool; its stored label must come with it.
                var row = PoolRowOf(pool, inputs[i]);
                using var stored = pool.Labels![row];
                using var storedInput = pool.Inputs![row];
                Assert.True(Same(storedInput, inputs[i]));
                Assert.True(Same(stored, labels[i]));
            }
        }
    }

    [Fact]
    public void Refresh_DisagreementWeighting_WeighsRowsByTheMembersMutualInformationOverItsMean()
    {
        using var ensemble = Members(3, seed: 21);
        // Wide inputs so that the untrained members disagree clearly.
        using var training = randn(200, 4) * 4;
        random.manual_seed(22);
        var options = new OffManifoldOptions(PoolSize: 300, PoolRefreshEpochs: 1,
            PoolWeighting: PoolWeighting.Disagreement);
        using var pool = new OffManifoldPool(training, options, ensemble, MemberDisagreement.Classification);

        pool.Refresh();

        // A second implementation: Hydra.Core's uncertainty metrics on the members' probabilities.
        using var probabilities = nn.functional.softmax(pool.Labels!, -1);
        var epistemic = UncertaintyMetrics.Decompose(probabilities.data<float>().ToArray(), 300, 3, 3).Epistemic;
        var mean = epistemic.Average();
        var weights = pool.Weights!.data<float>().ToArray();
        Assert.Equal(300, weights.Length);
        Assert.Equal(1.0, weights.Average(), 1e-4);
        for (var row = 0; row < 300; row++)
        {
            Assert.Equal(epistemic[row] / mean, weights[row], 2e-3);
        }
    }

    [Fact]
    public void Draw_WeightedPool_GivesEachRowItsOwnWeight()
    {
        using var ensemble = Members(2, seed: 23);
        using var training = randn(64, 4) * 4;
        random.manual_seed(24);
        var options = new OffManifoldOptions(PoolSize: 30, PoolRefreshEpochs: 1,
            PoolWeighting: PoolWeighting.Disagreement, PoolWeightPower: 0.5);
        using var pool = new OffManifoldPool(training, options, ensemble, MemberDisagreement.Classification);
        pool.Refresh();

        var (inputs, labels, weights) = pool.Draw(100);
        using (inputs)
        using (labels)
        using (weights)
        {
            Assert.NotNull(weights);
            Assert.Equal([100], weights.shape);
            for (var i = 0; i < 100; i += 3)
            {
                using var stored = pool.Weights![PoolRowOf(pool, inputs[i])];
                using var drawn = weights[i];
                Assert.True(Same(stored, drawn));
            }
        }
    }

    [Fact]
    public void Constructor_DisagreementWeightingWithoutAFunction_Throws()
    {
        using var ensemble = Members(1, seed: 25);
        using var training = randn(8, 4);
        var options = new OffManifoldOptions(PoolSize: 10, PoolWeighting: PoolWeighting.Disagreement);

        Assert.Throws<ArgumentException>(() => new OffManifoldPool(training, options, ensemble));
    }

    [Fact]
    public void Draw_BeforeTheFirstRefresh_SaysSo()
    {
        using var ensemble = Members(1, seed: 20);
        using var training = randn(8, 4);
        using var pool = new OffManifoldPool(training, Options(10, refresh: 1), ensemble);

        var e = Assert.Throws<InvalidOperationException>(() => pool.Draw(4));

        Assert.Contains("before it was made", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PoolWithAdversarialStep_NamesTheConflict()
    {
        var options = new OffManifoldOptions(PoolSize: 100, AdversarialStep: 0.1);

        var e = Assert.Throws<InvalidRequestException>(options.Validate);

        Assert.Contains("AdversarialStep", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 1, 0.5, "PoolSize")]
    [InlineData(100, 0, 0.5, "PoolRefreshEpochs")]
    [InlineData(100, 1, -0.1, "PoolShare")]
    public void Validate_PoolSettingOutOfRange_NamesIt(int size, int refresh, double share, string name)
    {
        var options = new OffManifoldOptions(PoolSize: size, PoolRefreshEpochs: refresh, PoolShare: share);

        var e = Assert.Throws<InvalidRequestException>(options.Validate);

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, PoolWeighting.Disagreement, false)]
    [InlineData(0, PoolWeighting.None, true)]
    public void Validate_PoolOnlySettingWithoutAPool_SaysTheyNeedOne(int size, PoolWeighting weighting, bool detach)
    {
        var options = new OffManifoldOptions(PoolSize: size, PoolWeighting: weighting, PoolDetachBody: detach);

        var e = Assert.Throws<InvalidRequestException>(options.Validate);

        Assert.Contains("need a pool", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_PoolOnlySettings_AreNamedOnlyWhenSet()
    {
        var plain = new OffManifoldOptions(PoolSize: 100, PoolRefreshEpochs: 2, PoolShare: 1.5);
        var both = plain with
        {
            PoolWeighting = PoolWeighting.Disagreement,
            PoolWeightPower = 0.5,
            PoolDetachBody = true,
        };

        Assert.EndsWith("pool=100, refresh_epochs=2, share=1.5, weight=1", plain.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("share=1.5, weighting=disagreement^0.5, body=detached, weight=1", both.ToString(),
            StringComparison.Ordinal);
    }

    private static long PoolRowOf(OffManifoldPool pool, Tensor drawn)
    {
        using var match = (pool.Inputs! - drawn).abs().sum(1).argmin();
        return match.item<long>();
    }

    private static bool Same(Tensor a, Tensor b) => a.allclose(b, rtol: 0, atol: 0);

    private static OffManifoldOptions Options(int size, int refresh) =>
        new(PoolSize: size, PoolRefreshEpochs: refresh);

    private static NetworkEnsemble Members(int count, int seed)
    {
        random.manual_seed(seed);
        var members = Enumerable.Range(0, count).Select(_ => new MultiHeadNetwork(Spec, 1)).ToList();
        foreach (var member in members)
        {
            member.eval();
        }

        return new NetworkEnsemble(members, Spec);
    }
}
