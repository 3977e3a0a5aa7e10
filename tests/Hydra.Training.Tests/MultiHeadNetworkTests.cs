using Hydra.Core.Architecture;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public class MultiHeadNetworkTests
{
    private static readonly ArchitectureSpec Spec = ArchitecturePresets.ToyMlp(2, 3);

    [Fact]
    public void Forward_ThreeHeads_ReturnsRowsByHeadsByOutputs()
    {
        random.manual_seed(1);
        using var network = new MultiHeadNetwork(Spec, 3);
        using var inputs = randn(7, 2);

        using var output = network.forward(inputs);

        Assert.Equal([7, 3, 3], output.shape);
    }

    [Fact]
    public void StateDict_Names_FollowTheCheckpointConvention()
    {
        using var network = new MultiHeadNetwork(ArchitecturePresets.Mlp(), 2);

        var names = network.state_dict().Keys.Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            ["body.1.bias", "body.1.weight", "body.3.bias", "body.3.weight",
             "heads.0.0.bias", "heads.0.0.weight", "heads.0.2.bias", "heads.0.2.weight",
             "heads.1.0.bias", "heads.1.0.weight", "heads.1.2.bias", "heads.1.2.weight"],
            names);
        Assert.Equal(ArchitecturePresets.Mlp().Parameters(2), network.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void LoadBodyAndBroadcastHead_FromOneHeadNetwork_ReproducesItsOutputOnEveryHead()
    {
        random.manual_seed(3);
        using var hinton = new MultiHeadNetwork(Spec, 1);
        using var hydra = new MultiHeadNetwork(Spec, 3);
        using var inputs = randn(6, 2);

        hydra.LoadBodyAndBroadcastHead(hinton);
        using var expected = hinton.forward(inputs);
        using var actual = hydra.forward(inputs);

        for (var k = 0; k < 3; k++)
        {
            Assert.True(actual.select(1, k).allclose(expected.select(1, 0)), $"head {k} differs from the Hinton head");
        }
    }
}
