using Hydra.Core.Architecture;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class StackedHeadsTests
{
    private static readonly ArchitectureSpec Mlp = ArchitecturePresets.Mlp();

    [Fact]
    public void Forward_ReferenceMlpHeads_EqualsEachHeadRunAlone()
    {
        random.manual_seed(41);
        var heads = Enumerable.Range(0, 5).Select(_ => LayerFactory.Sequential(Mlp.Head)).ToList();
        using var features = randn(33, 512).relu();

        using var stacked = StackedHeads.TryCreate(Mlp.Head, heads)!.Forward(features);

        Assert.Equal([33, 5, 10], stacked.shape);
        for (var m = 0; m < 5; m++)
        {
            using var alone = heads[m].forward(features);
            using var column = stacked.select(1, m);
            Assert.True(column.allclose(alone, rtol: 0, atol: 1e-5), $"head {m}");
        }
    }

    [Fact]
    public void Training_StackedAndOneByOne_GiveTheSameOutputsAndGradients()
    {
        random.manual_seed(42);
        using var network = new MultiHeadNetwork(Mlp, 5);
        using var inputs = randn(17, 1, 28, 28);
        using var target = randn(17, 5, 10);

        var (stackedOutputs, stackedGradients) = OutputsAndGradients(network, inputs, target, stack: true);
        var (loopOutputs, loopGradients) = OutputsAndGradients(network, inputs, target, stack: false);

        Assert.True(stackedOutputs.allclose(loopOutputs, rtol: 0, atol: 1e-5));
        Assert.Equal(loopGradients.Count, stackedGradients.Count);
        for (var i = 0; i < loopGradients.Count; i++)
        {
            Assert.True(stackedGradients[i].allclose(loopGradients[i], rtol: 0, atol: 1e-5), $"parameter {i}");
        }
    }

    [Fact]
    public void TryCreate_HeadWithLayersOtherThanLinearAndRelu_KeepsTheLoop()
    {
        LayerSpec[] withDropout = [new LinearLayer(8, 4), new DropoutLayer(0.1), new LinearLayer(4, 3)];
        LayerSpec[] reluOnly = [new ReluLayer()];
        var heads = new[] { LayerFactory.Sequential(withDropout), LayerFactory.Sequential(withDropout) };

        Assert.Null(StackedHeads.TryCreate(withDropout, heads));
        Assert.Null(StackedHeads.TryCreate(reluOnly, [LayerFactory.Sequential(reluOnly)]));
    }

    private static (Tensor Outputs, List<Tensor> Gradients) OutputsAndGradients(MultiHeadNetwork network,
        Tensor inputs, Tensor target, bool stack)
    {
        network.train();
        network.StackHeadsInTraining = stack;
        network.zero_grad();
        var outputs = network.forward(inputs);
        using (var loss = (outputs - target).square().mean())
        {
            loss.backward();
        }

        return (outputs.detach(), network.parameters().Select(p => p.grad!.clone()).ToList());
    }
}
