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

        public Setup(bool detachBody)
        {
            random.manual_seed(31);
            _ensemble = new NetworkEnsemble([new MultiHeadNetwork(Spec, 1), new MultiHeadNetwork(Spec, 1)]);
            Hydra = new MultiHeadNetwork(Spec, 2);
            _training = randn(64, 4);
            Options = new OffManifoldOptions(PoolSize: 50, PoolRefreshEpochs: 1, PoolShare: 2,
                PoolDetachBody: detachBody);
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
