using Hydra.Core.Data;
using Hydra.Training.Losses;
using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>Batched evaluation-mode forward passes without gradients.</summary>
internal static class Inference
{
    /// <summary>
    /// Rows per forward pass. Kept small enough that a conv layer's activations stay near glibc's largest mmap
    /// threshold
    /// (32 MiB) rather than far above it: at 1024 rows the reference CNN's first activation is 100 MB, every pass
    /// mapped
    /// fresh pages and up to half the CPU time went to the kernel. A resumed CNN run's teacher logits and evaluation
    /// took
    /// about 10 minutes at 1024 rows and under 5 at 256.
    /// </summary>
    private const int BatchSize = 256;

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
    public static float[] HeadProbabilities(MultiHeadNetwork network, Tensor inputs,
        CancellationToken cancellationToken = default)
    {
        using var logits = Outputs(network, inputs, cancellationToken);
        return Probabilities(logits);
    }

    /// <summary>Softmax (T = 1) of raw classification outputs, as a flat row-major array.</summary>
    public static float[] Probabilities(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        using var probabilities = nn.functional.softmax(logits, dim: -1);
        return probabilities.data<float>().ToArray();
    }

    /// <summary>
    /// Per-head Gaussian means and variances [N, K] (flat, row-major) of a regression network, mapped back to target
    /// units with <paramref name="scaling"/> (null: left on the network's axis). The mapping is done in double
    /// precision.
    /// </summary>
    public static (float[] Means, float[] Variances) HeadGaussians(MultiHeadNetwork network, Tensor inputs,
        TargetScaling? scaling,
        CancellationToken cancellationToken = default)
    {
        using var outputs = Outputs(network, inputs, cancellationToken);
        return Gaussians(outputs, scaling);
    }

    /// <summary>
    /// The Gaussians of raw regression outputs [..., 2] (flat means and variances), mapped back to target units with
    /// <paramref name="scaling"/> (null: left on the network's axis) in double precision.
    /// </summary>
    public static (float[] Means, float[] Variances) Gaussians(Tensor outputs, TargetScaling? scaling)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var mean = GaussianOutputs.Mean(outputs).contiguous();
        using var variance = GaussianOutputs.Variance(outputs).contiguous();
        var means = mean.data<float>().ToArray();
        var variances = variance.data<float>().ToArray();
        if (scaling is not null)
        {
            for (var i = 0; i < means.Length; i++)
            {
                means[i] = (float)scaling.UnscaleMean(means[i]);
                variances[i] = (float)scaling.UnscaleVariance(variances[i]);
            }
        }

        return (means, variances);
    }
}
