using Hydra.Core.Architecture;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Training.Losses;
using Hydra.Training.Modules;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class FeatureMixPoolTests
{
    private static readonly ArchitectureSpec Spec = ArchitecturePresets.ToyMlp(4, 3);

    [Fact]
    public void MixFeatures_OneWeightPerRow_IsTheHandComputedBlendAndExtrapolation()
    {
        using var first = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var second = tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        using var lambda = tensor(new float[] { 0.25f, 1.5f });

        using var mixed = MultiHeadNetwork.MixFeatures(first, second, lambda);

        // Row 0: 0.25·(1, 2) + 0.75·(5, 6) = (4, 5); row 1: 1.5·(3, 4) − 0.5·(7, 8) = (1, 2).
        Assert.Equal([4f, 5f, 1f, 2f], mixed.data<float>().ToArray());
    }

    [Fact]
    public void Refresh_LabelsEachPairWithEachMembersHeadOnItsOwnMixedFeatures()
    {
        var members = Members(2, seed: 51);
        using var training = randn(300, 4);
        random.manual_seed(52);
        // 1,500 pairs: more than one chunk, the last one partial.
        using var pool = new FeatureMixPool(training, Options(1500, spread: 0.5), members);

        pool.Refresh();

        Assert.Equal([1500, 2, 3], pool.Labels!.shape);
        var (first, second, lambda) = (pool.First!.data<long>().ToArray(), pool.Second!.data<long>().ToArray(),
            pool.Lambda!.data<float>().ToArray());
        var rows = training.data<float>().ToArray();
        for (var m = 0; m < 2; m++)
        {
            var weights = Parameters(members[m]);
            for (var pair = 0; pair < 1500; pair += 89)
            {
                // An independent implementation: plain loops over the member's own weights.
                var a = Body(weights, rows.AsSpan((int)first[pair] * 4, 4));
                var b = Body(weights, rows.AsSpan((int)second[pair] * 4, 4));
                var mixed = a.Zip(b, (x, y) => (lambda[pair] * x) + ((1 - lambda[pair]) * y)).ToArray();
                var expected = Head(weights, mixed);
                using var stored = pool.Labels[pair, m];
                var actual = stored.data<float>().ToArray();
                for (var k = 0; k < 3; k++)
                {
                    Assert.Equal(expected[k], actual[k], 1e-4);
                }
            }
        }

        DisposeAll(members);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Refresh_WeightsAreUniformOverMinusSpreadToOnePlusSpread(double spread)
    {
        var members = Members(1, seed: 53);
        using var training = randn(50, 4);
        random.manual_seed(54);
        using var pool = new FeatureMixPool(training, Options(4000, spread), members);

        pool.Refresh();

        var lambda = pool.Lambda!.data<float>().ToArray();
        Assert.InRange(lambda.Min(), -spread, -spread + 0.01);
        Assert.InRange(lambda.Max(), 1 + spread - 0.01, 1 + spread);
        // U(−s, 1 + s) has mean ½ and variance (1 + 2s)²/12; 4,000 draws give the mean to about ±0.015.
        Assert.Equal(0.5, lambda.Average(), 0.03);
        Assert.InRange(lambda.Count(l => l < 0.5) / 4000.0, 0.46, 0.54);
        DisposeAll(members);
    }

    [Fact]
    public void Draw_GivesAPairsTrainingRowsWeightAndLabelsTogether()
    {
        var members = Members(2, seed: 55);
        using var training = randn(40, 4);
        random.manual_seed(56);
        using var pool = new FeatureMixPool(training, Options(25, spread: 0.5), members);
        pool.Refresh();

        var (first, second, lambda, labels) = pool.Draw(120);

        Assert.Equal([120, 4], first.shape);
        var poolLambda = pool.Lambda!.data<float>().ToArray();
        for (var i = 0; i < 120; i += 5)
        {
            // λ is a continuous draw: it names the pair.
            var pair = Array.IndexOf(poolLambda, lambda[i].item<float>());
            Assert.True(pair >= 0, $"row {i}: its λ is not in the pool");
            using var expectedFirst = training[pool.First![pair].item<long>()];
            using var expectedSecond = training[pool.Second![pair].item<long>()];
            using var expectedLabels = pool.Labels![pair];
            Assert.True(expectedFirst.allclose(first[i], rtol: 0, atol: 0));
            Assert.True(expectedSecond.allclose(second[i], rtol: 0, atol: 0));
            Assert.True(expectedLabels.allclose(labels[i], rtol: 0, atol: 0));
        }

        foreach (var tensor in new[] { first, second, lambda, labels })
        {
            tensor.Dispose();
        }

        DisposeAll(members);
    }

    [Fact]
    public void Pooled_WithFeatureMix_AddsTheHeadsLossOnTheMixedFeaturesOfTheDrawnPairs()
    {
        var members = Members(2, seed: 57);
        var objective = TaskObjective.For(ModelTask.Classification, 2.0);
        using var ensemble = new NetworkEnsemble(members, Spec);
        random.manual_seed(58);
        using var hydra = new MultiHeadNetwork(Spec, 2);
        using var training = randn(64, 4);
        // No pixel rows (share 0), so the only draws are the feature pool's.
        var options = new OffManifoldOptions(PoolSize: 30, PoolRefreshEpochs: 1, PoolShare: 0, FeatureMixShare: 0.5,
            FeatureMixSpread: 0.5, Weight: 0.7);
        using var pixels = new OffManifoldPool(training, options, ensemble);
        using var pool = new FeatureMixPool(training, options, members);
        pool.Refresh();
        using var batch = training.narrow(0, 0, 16);
        using var teacher = ensemble.On(batch);

        random.manual_seed(59);
        var (first, second, lambda, labels) = pool.Draw(8);
        using var real = objective.Heads(hydra.forward(batch), teacher);
        using var a = hydra.Features(first);
        using var b = hydra.Features(second);
        using var mixed = MultiHeadNetwork.MixFeatures(a, b, lambda);
        using var expectedMixed = objective.Heads(hydra.HeadOutputs(mixed), labels);
        random.manual_seed(59);
        using var loss = HydraPlusLoss.Pooled(objective, options, hydra, pixels, batchNorm: false, batch, teacher,
            pool);
        random.manual_seed(59);
        using var without = HydraPlusLoss.Pooled(objective, options, hydra, pixels, batchNorm: false, batch, teacher);

        Assert.Equal(real.item<float>() + (0.7f * expectedMixed.item<float>()), loss.item<float>(), 5);
        Assert.Equal(real.item<float>(), without.item<float>(), 6);
        Assert.True(expectedMixed.item<float>() > 1e-4, "the mixed rows' loss is too small to tell apart");
        foreach (var tensor in new[] { first, second, lambda, labels })
        {
            tensor.Dispose();
        }
    }

    [Fact]
    public void Validate_FeatureMixWithoutAPool_SaysItNeedsOne()
    {
        var options = new OffManifoldOptions(FeatureMixShare: 0.5);

        var e = Assert.Throws<InvalidRequestException>(options.Validate);

        Assert.Contains("FeatureMixShare needs a pool", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1, 0, "FeatureMixShare")]
    [InlineData(17, 0, "FeatureMixShare")]
    [InlineData(1, -0.5, "FeatureMixSpread")]
    [InlineData(1, 2.5, "FeatureMixSpread")]
    public void Validate_FeatureMixSettingOutOfRange_NamesIt(double share, double spread, string name)
    {
        var options = new OffManifoldOptions(PoolSize: 100, FeatureMixShare: share, FeatureMixSpread: spread);

        var e = Assert.Throws<InvalidRequestException>(options.Validate);

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_FeatureMix_IsNamedOnlyWhenSet()
    {
        var plain = new OffManifoldOptions(PoolSize: 100, PoolRefreshEpochs: 2, PoolShare: 1.5);

        Assert.DoesNotContain("feature_mix", plain.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("weight=1, feature_mix=0.5, feature_mix_spread=1.5",
            (plain with { FeatureMixShare = 0.5, FeatureMixSpread = 1.5 }).ToString(), StringComparison.Ordinal);
    }

    private static OffManifoldOptions Options(int size, double spread) =>
        new(PoolSize: size, PoolRefreshEpochs: 1, FeatureMixShare: 1, FeatureMixSpread: spread);

    private static List<MultiHeadNetwork> Members(int count, int seed)
    {
        random.manual_seed(seed);
        var members = Enumerable.Range(0, count).Select(_ => new MultiHeadNetwork(Spec, 1)).ToList();
        members.ForEach(m => m.eval());
        return members;
    }

    private static void DisposeAll(List<MultiHeadNetwork> members) => members.ForEach(m => m.Dispose());

    private static Dictionary<string, float[]> Parameters(MultiHeadNetwork network) =>
        network.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());

    /// <summary>Toy MLP body: Linear(4, 64)-ReLU-Linear(64, 64)-ReLU.</summary>
    private static float[] Body(Dictionary<string, float[]> w, ReadOnlySpan<float> row) =>
        Relu(Linear(w["body.2.weight"], w["body.2.bias"], Relu(Linear(w["body.0.weight"], w["body.0.bias"],
            row.ToArray()))));

    /// <summary>Toy MLP head: Linear(64, 32)-ReLU-Linear(32, 3).</summary>
    private static float[] Head(Dictionary<string, float[]> w, float[] features) =>
        Linear(w["heads.0.2.weight"], w["heads.0.2.bias"], Relu(Linear(w["heads.0.0.weight"], w["heads.0.0.bias"],
            features)));

    private static float[] Linear(float[] weight, float[] bias, float[] input)
    {
        var output = new float[bias.Length];
        for (var o = 0; o < output.Length; o++)
        {
            double sum = bias[o];
            for (var i = 0; i < input.Length; i++)
            {
                sum += weight[(o * input.Length) + i] * input[i];
            }

            output[o] = (float)sum;
        }

        return output;
    }

    private static float[] Relu(float[] values) => [.. values.Select(v => Math.Max(v, 0f))];
}
