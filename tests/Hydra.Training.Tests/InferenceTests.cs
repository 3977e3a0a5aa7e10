using Hydra.Core.Architecture;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public class InferenceTests
{
    [Fact]
    public void Outputs_RowsSpanningSeveralBatches_MatchOneForwardPassInRowOrder()
    {
        random.manual_seed(12);
        using var network = new MultiHeadNetwork(ArchitecturePresets.ToyMlp(2, 3), 2);
        network.eval();
        // 600 rows: two full inference batches and a partial one.
        using var inputs = randn(600, 2);
        using var expected = ForwardAll(network, inputs);

        using var batched = Inference.Outputs(network, inputs);

        Assert.Equal([600L, 2, 3], batched.shape);
        // Row for row, so the parts were joined in order.
        Assert.True(batched.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    private static Tensor ForwardAll(MultiHeadNetwork network, Tensor inputs)
    {
        using (no_grad())
        {
            return network.forward(inputs);
        }
    }
}
