using Hydra.Core.Architecture;
using Hydra.Core.Models;
using Hydra.Training.Losses;
using Hydra.Training.Modules;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class HydraPlusLossTests
{
    private static readonly ArchitectureSpec Spec = ArchitecturePresets.ToyMlp(4, 3);
    private static readonly TaskObjective Objective = TaskObjective.For(ModelTask.Classification, 2.0);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pooled_DetachedBody_TrainsTheBodyOnTheRealRowsAlone(bool batchNormPath)
    {
        using var setup = new Setup(detachBody: true);

        var pooled = Gradients(setup, () => HydraPlusLoss.Pooled(Objective, setup.Options, setup.Hydra, setup.Pool,
            batchNormPath, setup.Batch, setup.Teacher));
        var realOnly = Gradients(setup, () => Objective.Heads(setup.Hydra.forward(setup.Batch), setup.Teacher));

        Assert.True(Close(pooled.Body, realOnly.Body), "the pooled rows reached the body");
        Assert.False(Close(pooled.Heads, realOnly.Heads), "the pooled rows did not reach the heads");
    }

    [Fact]
    public void Pooled_AttachedBody_TrainsTheBodyOnThePooledRowsToo()
    {
        using var setup = new Setup(detachBody: false);

        var pooled = Gradients(setup, () => HydraPlusLoss.Pooled(Objective, setup.Options, setup.Hydra, setup.Pool,
            false, setup.Batch, setup.Teacher));
        var realOnly = Gradients(setup, () => Objective.Heads(setup.Hydra.forward(setup.Batch), setup.Teacher));

        Assert.False(Close(pooled.Body, realOnly.Body));
    }

    [Fact]
    public void Pooled_DetachedBody_HasTheSameLossAsTheAttachedOne()
    {
        using var detached = new Setup(detachBody: true);
        using var attached = new Setup(detachBody: false);

        random.manual_seed(40);
        using var a = HydraPlusLoss.Pooled(Objective, detached.Options, detached.Hydra, detached.Pool, false,
            detached.Batch, detached.Teacher);
        random.manual_seed(40);
        using var b = HydraPlusLoss.Pooled(Objective, attached.Options, attached.Hydra, attached.Pool, false,
            attached.Batch, attached.Teacher);

        Assert.Equal(b.item<float>(), a.item<float>(), 1e-6f);
    }

    [Fact]
    public void EpistemicMatch_Regression_IsTheSquaredGapInTheVarianceOfTheMeansOverTheSquaredMean()
    {
        var regression = TaskObjective.For(ModelTask.Regression, 1.0);
        // [B = 2, M = 2, (mean, raw variance)]. Members' means (0, 2) and (1, 1): variances over M 1 and 0, mean ½.
        // Heads' means (0, 0) and (0, 2): variances 0 and 1. Loss = ((0 − 1)² + (1 − 0)²) / 2 / (½)² = 4.
        using var members = tensor(new float[] { 0, 0, 2, 0, 1, 0, 1, 0 }, [2, 2, 2]);
        using var heads = tensor(new float[] { 0, 0, 0, 0, 0, 0, 2, 0 }, [2, 2, 2]);

        using var loss = HydraPlusLoss.EpistemicMatch(regression, heads, members);
        using var none = HydraPlusLoss.EpistemicMatch(regression, members, members);

        Assert.Equal(4f, loss.item<float>(), 5);
        Assert.Equal(0f, none.item<float>(), 6);
    }

    [Fact]
    public void EpistemicMatch_Classification_StepsDownhillPushAgreeingHeadsApartLikeTheirMembers()
    {
        // Two members sure of different classes (mutual information ≈ ln 2); two heads that nearly agree (≈ 0.005).
        // (Heads that agree exactly sit where the mutual information has no gradient; the KL term moves them off it.)
        using var members = tensor(new float[] { 8, 0, 0, 0, 8, 0 }, [1, 2, 3]);
        using var heads = tensor(new float[] { 1.2f, 0.8f, 0, 0.8f, 1.2f, 0 }, [1, 2, 3]).requires_grad_(true);
        using var membersInformation = MemberDisagreement.Classification(members);

        using var loss = HydraPlusLoss.EpistemicMatch(Objective, heads, members);
        loss.backward();
        using var moved = (heads - (0.5f * heads.grad!)).detach();
        using var before = MemberDisagreement.Classification(heads.detach());
        using var after = MemberDisagreement.Classification(moved);

        // (I_heads − I)² / I², nearly 1 when the heads nearly agree.
        var expected = Math.Pow(before.item<float>() - membersInformation.item<float>(), 2)
            / Math.Pow(membersInformation.item<float>(), 2);
        Assert.Equal(expected, loss.item<float>(), 4);
        Assert.InRange(before.item<float>(), 1e-3, 0.05);
        Assert.True(after.item<float>() > before.item<float>() + 1e-3f,
            $"heads' disagreement {before.item<float>()} → {after.item<float>()}");
        Assert.True(membersInformation.item<float>() > 0.6f);
    }

    [Fact]
    public void Pooled_EpistemicWeight_AddsTheWeightedMatchOfThePooledRowsToTheLoss()
    {
        using var plain = new Setup(detachBody: false);
        using var matched = new Setup(detachBody: false, epistemicWeight: 3);

        random.manual_seed(41);
        using var a = HydraPlusLoss.Pooled(Objective, plain.Options, plain.Hydra, plain.Pool, false, plain.Batch,
            plain.Teacher);
        random.manual_seed(41);
        var (inputs, labels, _) = matched.Pool.Draw(32);
        using var match = HydraPlusLoss.EpistemicMatch(Objective, matched.Hydra.forward(inputs), labels);
        random.manual_seed(41);
        using var b = HydraPlusLoss.Pooled(Objective, matched.Options, matched.Hydra, matched.Pool, false,
            matched.Batch, matched.Teacher);

        Assert.True(match.item<float>() > 0);
        Assert.Equal(a.item<float>() + (3 * match.item<float>()), b.item<float>(), 4);
        inputs.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void Pooled_OffManifoldTemperature_DistilsThePooledRowsAtItAndTheRealRowsAtTheRunsTemperature()
    {
        using var plain = new Setup(detachBody: false);
        using var cooled = new Setup(detachBody: false, temperature: 1);
        var atOne = TaskObjective.For(ModelTask.Classification, 1.0);

        random.manual_seed(42);
        var (inputs, labels, _) = cooled.Pool.Draw(32);
        using var real = Objective.Heads(cooled.Hydra.forward(cooled.Batch), cooled.Teacher);
        using var pooledAtOne = atOne.Heads(cooled.Hydra.forward(inputs), labels);
        using var pooledAtTwo = Objective.Heads(cooled.Hydra.forward(inputs), labels);
        random.manual_seed(42);
        using var b = HydraPlusLoss.Pooled(Objective, cooled.Options, cooled.Hydra, cooled.Pool, false,
            cooled.Batch, cooled.Teacher);
        random.manual_seed(42);
        using var a = HydraPlusLoss.Pooled(Objective, plain.Options, plain.Hydra, plain.Pool, false, plain.Batch,
            plain.Teacher);

        // Pooled losses of about 0.014 that differ by about 2e-4: six decimals tell them apart.
        Assert.Equal(real.item<float>() + pooledAtOne.item<float>(), b.item<float>(), 6);
        Assert.Equal(real.item<float>() + pooledAtTwo.item<float>(), a.item<float>(), 6);
        Assert.True(Math.Abs(pooledAtOne.item<float>() - pooledAtTwo.item<float>()) > 1e-4,
            $"the two temperatures gave nearly the same pooled loss: {pooledAtOne.item<float>()}");
        inputs.Dispose();
        labels.Dispose();
    }

    private static (float[] Body, float[] Heads) Gradients(Setup setup, Func<Tensor> loss)
    {
        setup.Hydra.zero_grad();
        using (var value = loss())
        {
            value.backward();
        }

        float[] Collect(string prefix) => setup.Hydra.named_parameters()
            .Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal))
            .SelectMany(p => p.parameter.grad!.data<float>().ToArray()).ToArray();
        return (Collect("body."), Collect("heads."));
    }

    private static bool Close(float[] a, float[] b) =>
        a.Length == b.Length && a.Zip(b).All(pair => Math.Abs(pair.First - pair.Second) <= 1e-6f);

    /// <summary>A 2-head Hydra, two members, a pool of 50 labelled rows and one real batch of 16.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly NetworkEnsemble _ensemble;
        private readonly Tensor _training;

        public Setup(bool detachBody, double epistemicWeight = 0, double? temperature = null)
        {
            random.manual_seed(31);
            _ensemble = new NetworkEnsemble([new MultiHeadNetwork(Spec, 1), new MultiHeadNetwork(Spec, 1)], Spec);
            Hydra = new MultiHeadNetwork(Spec, 2);
            _training = randn(64, 4);
            Options = new OffManifoldOptions(PoolSize: 50, PoolRefreshEpochs: 1, PoolShare: 2,
                PoolDetachBody: detachBody, EpistemicWeight: epistemicWeight, Temperature: temperature);
            Pool = new OffManifoldPool(_training, Options, _ensemble);
            Pool.Refresh();
            Batch = _training.narrow(0, 0, 16);
            using var noGradient = no_grad();
            Teacher = _ensemble.On(Batch);
        }

        public OffManifoldOptions Options { get; }

        public MultiHeadNetwork Hydra { get; }

        public OffManifoldPool Pool { get; }

        public Tensor Batch { get; }

        public Tensor Teacher { get; }

        public void Dispose()
        {
            Pool.Dispose();
            Hydra.Dispose();
            _ensemble.Dispose();
            Batch.Dispose();
            Teacher.Dispose();
            _training.Dispose();
        }
    }
}
