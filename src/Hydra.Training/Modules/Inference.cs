using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>Batched evaluation-mode forward passes without gradients.</summary>
internal static class Inference
{
    private const int BatchSize = 1024;

    /// <summary>The network's raw [N, K, outputs] outputs on the CPU, for inputs on any device.</summary>
    public static Tensor Outputs(MultiHeadNetwork network, Tensor inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        network.eval();
        using var noGrad = no_grad();
        var device = network.parameters().First().device;
        var rows = inputs.shape[0];
        var parts = new List<Tensor>();
        for (long start = 0; start < rows; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = inputs.narrow(0, start, Math.Min(BatchSize, rows - start)).to(device);
            parts.Add(network.forward(batch).cpu().MoveToOuterDisposeScope());
        }

        var result = cat(parts, 0);
        foreach (var part in parts)
        {
            part.Dispose();
        }

        return result;
    }

    /// <summary>Per-head class probabilities [N, K, C] (softmax at T = 1) as a flat row-major array.</summary>
    public static float[] HeadProbabilities(MultiHeadNetwork network, Tensor inputs, CancellationToken cancellationToken = default)
    {
        using var logits = Outputs(network, inputs, cancellationToken);
        using var probabilities = nn.functional.softmax(logits, dim: -1);
        return probabilities.data<float>().ToArray();
    }
}
