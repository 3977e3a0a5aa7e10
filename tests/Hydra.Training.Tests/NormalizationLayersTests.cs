using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

/// <summary>
/// Batch norm, pooling and residual blocks as the trainer builds them: names, modes, hand values, checkpoints.
/// </summary>
[Collection(LibTorchTests.Name)]
public class NormalizationLayersTests
{
    private static readonly ArchitectureSpec BatchNormMlp = new("bn-mlp", [2],
        [new LinearLayer(2, 3), new BatchNorm1dLayer(3), new ReluLayer()],
        [new LinearLayer(3, 2)]);

    private static readonly ArchitectureSpec TinyResNet = new("tiny-resnet", [2, 6, 6],
        [new Conv2dLayer(2, 4, 3, Padding: 1, Bias: false), new BatchNorm2dLayer(4), new ReluLayer(),
            new ResidualBlockLayer(4, 4), new ResidualBlockLayer(4, 6, 2)],
        [new AvgPool2dLayer(2, 1), new GlobalAvgPoolLayer(), new LinearLayer(6, 3)]);

    [Fact]
    public void BatchNorm1dEval_HandSetStatistics_GivesHandValues()
    {
        var spec = new ArchitectureSpec("bn", [2], [new BatchNorm1dLayer(2, Eps: 0.01)], [new LinearLayer(2, 2)]);
        using var network = new MultiHeadNetwork(spec, 1);
        var state = network.state_dict();
        using (no_grad())
        {
            state["body.0.weight"].copy_(tensor(new[] { 2f, 0.5f }));
            state["body.0.bias"].copy_(tensor(new[] { 1f, -1f }));
            state["body.0.running_mean"].copy_(tensor(new[] { 3f, -2f }));
            state["body.0.running_var"].copy_(tensor(new[] { 3.99f, 0.24f }));
            state["heads.0.0.weight"].copy_(eye(2));
            state["heads.0.0.bias"].zero_();
        }

        network.eval();
        using var output = network.forward(tensor(new[] { 5f, 0f }, [1, 2]));

        // (5 − 3) / sqrt(3.99 + 0.01) · 2 + 1 = 3; (0 + 2) / sqrt(0.24 + 0.01) · 0.5 − 1 = 1.
        Assert.Equal([3f, 1f], output.data<float>().ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void BatchNorm1dTrain_OneBatch_NormalisesWithBatchStatisticsAndMovesRunningMean()
    {
        var spec = new ArchitectureSpec("bn", [1], [new BatchNorm1dLayer(1)], [new LinearLayer(1, 1)]);
        using var network = new MultiHeadNetwork(spec, 1);
        var body = network.state_dict();
        using (no_grad())
        {
            body["heads.0.0.weight"].fill_(1f);
            body["heads.0.0.bias"].zero_();
        }

        network.train();
        using var output = network.forward(tensor(new[] { 1f, 3f }, [2, 1]));

        // Batch mean 2, biased variance 1: outputs ∓1/sqrt(1 + 1e-5); running mean 0.9·0 + 0.1·2 = 0.2, running var
        // 0.9·1 + 0.1·2 (unbiased) = 1.1; the counter is 1.
        Assert.Equal([-1f, 1f], output.data<float>().ToArray(), new FloatTolerance(1e-4f));
        Assert.Equal(0.2f, body["body.0.running_mean"].item<float>(), 1e-6f);
        Assert.Equal(1.1f, body["body.0.running_var"].item<float>(), 1e-6f);
        Assert.Equal(1L, body["body.0.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void StateDict_TinyResNet_HoldsExactlyTheSpecTensorsWithTheirShapes()
    {
        using var network = new MultiHeadNetwork(TinyResNet, 2);
        var card = TestCheckpoints.Card(TinyResNet, 2);

        var expected = CheckpointStore.ExpectedTensors(card).ToDictionary(t => t.Name, t => t.Shape);
        var actual = network.state_dict().ToDictionary(t => t.Key, t => t.Value.shape);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));
        Assert.Contains("body.4.shortcut_bn.running_var", actual.Keys);
        Assert.DoesNotContain("body.3.shortcut_conv.weight", actual.Keys);
        Assert.Equal(TinyResNet.Parameters(2), network.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Forward_TinyResNet_GivesRowsByHeadsByClasses()
    {
        random.manual_seed(5);
        using var network = new MultiHeadNetwork(TinyResNet, 3);
        using var inputs = randn(4, 2, 6, 6);

        using var output = network.forward(inputs);

        Assert.Equal([4, 3, 3], output.shape);
    }

    [Fact]
    public void Checkpoint_MovedBatchNormStatistics_RoundTripRunningStatisticsAndEvalOutputs()
    {
        random.manual_seed(7);
        using var trained = new MultiHeadNetwork(TinyResNet, 1);
        ForwardInTrainingMode(trained, steps: 3);
        using var inputs = randn(5, 2, 6, 6) * 2 + 1;
        using var expected = Inference.Outputs(trained, inputs);

        using var loaded = new MultiHeadNetwork(TinyResNet, 1);
        var tensors = NetworkTensors.Export(trained).ToDictionary(t => t.Name);
        NetworkTensors.Import(loaded, tensors);
        using var actual = Inference.Outputs(loaded, inputs);

        Assert.NotEqual(0f, tensors["body.1.running_mean"].ToFloats().Select(Math.Abs).Max());
        Assert.Equal([3f], tensors["body.1.num_batches_tracked"].ToFloats());
        Assert.Equal(3L, loaded.state_dict()["body.4.bn2.num_batches_tracked"].item<long>());
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-6), "the reloaded network computes something else");
    }

    [Fact]
    public void Outputs_AfterTrainingModePasses_UseRunningStatisticsNotTheBatch()
    {
        random.manual_seed(9);
        using var network = new MultiHeadNetwork(BatchNormMlp, 1);
        ForwardInTrainingMode(network, steps: 2, inputShape: [2]);
        using var rows = randn(6, 2);

        // In eval mode a row's output cannot depend on the other rows of its batch.
        using var together = Inference.Outputs(network, rows);
        using var alone = Inference.Outputs(network, rows.narrow(0, 0, 1));

        Assert.True(together.narrow(0, 0, 1).allclose(alone, rtol: 0, atol: 1e-6));
        Assert.False(network.training);
    }

    [Fact]
    public void ForwardWithFrozenStatistics_InTrainingMode_LeavesRunningStatisticsAndModesAlone()
    {
        random.manual_seed(11);
        using var network = new MultiHeadNetwork(BatchNormMlp, 2);
        network.train();
        using var before = network.state_dict()["body.1.running_mean"].clone();
        using var rows = (randn(6, 2) * 4) + 3;

        using var frozen = network.ForwardWithFrozenStatistics(rows);
        var unchanged = network.state_dict()["body.1.running_mean"].allclose(before, rtol: 0, atol: 0);
        var allTraining = network.modules().All(m => m.training);
        network.eval();
        using var evaluated = network.forward(rows);

        Assert.True(unchanged, "the frozen pass moved the running mean");
        Assert.True(frozen.allclose(evaluated, rtol: 0, atol: 1e-6),
            "the frozen pass did not normalise with the running statistics");
        Assert.True(frozen.requires_grad);
        Assert.True(allTraining, "a module was left in evaluation mode");
    }

    [Fact]
    public void MixedFeatureOutputs_InTrainingMode_UseTheRunningStatisticsAndEqualTheHeadsOnTheMixedEvalFeatures()
    {
        random.manual_seed(12);
        using var network = new MultiHeadNetwork(BatchNormMlp, 2);
        network.train();
        using var before = network.state_dict()["body.1.running_mean"].clone();
        using var first = (randn(5, 2) * 4) + 3;
        using var second = randn(5, 2) - 2;
        using var lambda = tensor(new float[] { -0.5f, 0f, 0.3f, 1f, 1.4f });

        using var mixed = network.MixedFeatureOutputs(first, second, lambda);
        var unchanged = network.state_dict()["body.1.running_mean"].allclose(before, rtol: 0, atol: 0);
        var allTraining = network.modules().All(m => m.training);
        network.eval();
        using var a = network.Features(first);
        using var b = network.Features(second);
        using var blend = MultiHeadNetwork.MixFeatures(a, b, lambda);
        using var expected = network.HeadOutputs(blend);
        using var atZero = network.HeadOutputs(b.narrow(0, 1, 1));

        Assert.True(unchanged, "the mixed pass moved the running mean");
        Assert.True(mixed.allclose(expected, rtol: 0, atol: 1e-5), "the mixed pass is not the eval-mode mix");
        // λ = 0 is the second row's own output.
        Assert.True(mixed.narrow(0, 1, 1).allclose(atZero, rtol: 0, atol: 1e-5));
        Assert.True(mixed.requires_grad);
        Assert.True(allTraining, "a module was left in evaluation mode");
    }

    /// <summary>
    /// Training-mode forward passes on shifted, scaled rows: they move the running statistics (no backward pass).
    /// </summary>
    private static void ForwardInTrainingMode(MultiHeadNetwork network, int steps, long[]? inputShape = null)
    {
        var shape = inputShape ?? [2, 6, 6];
        using var noGrad = no_grad();
        network.train();
        for (var s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            network.forward((randn([8, .. shape]) * 3) + 2);
        }

        network.eval();
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
