using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Onnx.Graph;

namespace Hydra.Onnx.Parity;

/// <summary>
/// A plain C# forward pass in double precision, one row at a time: the second implementation that the exported graph
/// is checked against on random rows, sharing no code with the graph builder.
/// </summary>
internal static class ReferenceForward
{
    /// <summary>
    /// Softmax of every head of <paramref name="network"/> for one normalised input row, [heads][classes].
    /// </summary>
    public static double[][] HeadProbabilities(NetworkSource network, ReadOnlySpan<float> row) =>
        [.. HeadOutputs(network, row).Select(Softmax)];

    /// <summary>
    /// Every head's [mean, variance] in target units for one normalised input row of a regression network, [heads][2]:
    /// mean = μ·std + mean, variance = (softplus(raw) + ε)·std², all in double precision.
    /// </summary>
    public static double[][] HeadGaussians(NetworkSource network, ReadOnlySpan<float> row, TargetScaling scaling) =>
        [.. HeadOutputs(network, row).Select(o => new[] { scaling.UnscaleMean(o[0]),
            scaling.UnscaleVariance(GaussianHead.Variance(o[1])) })];

    /// <summary>
    /// The raw outputs of every head of <paramref name="network"/> for one normalised input row, [heads][outputs].
    /// </summary>
    public static double[][] HeadOutputs(NetworkSource network, ReadOnlySpan<float> row)
    {
        var shape = network.Spec.InputShape;
        var features = new double[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            features[i] = row[i];
        }

        var bodyShape = (int[])shape.Clone();
        for (var i = 0; i < network.Spec.Body.Count; i++)
        {
            (features, bodyShape) = Apply(network.Spec.Body[i], features, bodyShape, network.Body(i));
        }

        var result = new double[network.Heads][];
        for (var k = 0; k < network.Heads; k++)
        {
            var (value, valueShape) = (features, bodyShape);
            for (var i = 0; i < network.Spec.Head.Count; i++)
            {
                (value, valueShape) = Apply(network.Spec.Head[i], value, valueShape, network.Head(k, i));
            }

            result[k] = value;
        }

        return result;
    }

    private static (double[] Values, int[] Shape) Apply(LayerSpec layer, double[] x, int[] shape, LayerWeights weights)
        => layer switch
        {
            LinearLayer linear => (Linear(linear, x, weights), [linear.Out]),
            Conv2dLayer conv => Conv(conv, x, shape, weights),
            ReluLayer => ([.. x.Select(v => Math.Max(v, 0.0))], shape),
            MaxPool2dLayer pool => Pool(pool.Kernel, pool.EffectiveStride, average: false, x, shape),
            FlattenLayer => (x, [x.Length]),
            DropoutLayer => (x, shape),
            BatchNorm1dLayer bn => (BatchNorm(bn.Eps, x, shape, weights), shape),
            BatchNorm2dLayer bn => (BatchNorm(bn.Eps, x, shape, weights), shape),
            AvgPool2dLayer pool => Pool(pool.Kernel, pool.EffectiveStride, average: true, x, shape),
            GlobalAvgPoolLayer => GlobalAvgPool(x, shape),
            ResidualBlockLayer block => Residual(block, x, shape, weights),
            _ => throw LayerEmitter.Unsupported(layer, weights.Name),
        };

    private static double[] Linear(LinearLayer linear, double[] x, LayerWeights weights)
    {
        var w = weights.Weight.ToFloats();
        var b = weights.Bias?.ToFloats();
        var y = new double[linear.Out];
        for (var o = 0; o < linear.Out; o++)
        {
            var sum = b is null ? 0.0 : b[o];
            var offset = o * linear.In;
            for (var i = 0; i < linear.In; i++)
            {
                sum += w[offset + i] * x[i];
            }

            y[o] = sum;
        }

        return y;
    }

    private static (double[], int[]) Conv(Conv2dLayer conv, double[] x, int[] shape, LayerWeights weights)
    {
        var (h, w) = (shape[1], shape[2]);
        var k = conv.Kernel;
        var outH = ((h + (2 * conv.Padding) - k) / conv.Stride) + 1;
        var outW = ((w + (2 * conv.Padding) - k) / conv.Stride) + 1;
        var weight = weights.Weight.ToFloats();
        var bias = weights.Bias?.ToFloats();
        var y = new double[conv.Out * outH * outW];
        for (var o = 0; o < conv.Out; o++)
        {
            for (var oy = 0; oy < outH; oy++)
            {
                for (var ox = 0; ox < outW; ox++)
                {
                    var sum = bias is null ? 0.0 : bias[o];
                    for (var c = 0; c < conv.In; c++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            var iy = (oy * conv.Stride) + ky - conv.Padding;
                            if (iy < 0 || iy >= h)
                            {
                                continue;
                            }

                            for (var kx = 0; kx < k; kx++)
                            {
                                var ix = (ox * conv.Stride) + kx - conv.Padding;
                                if (ix >= 0 && ix < w)
                                {
                                    sum += weight[(((((o * conv.In) + c) * k) + ky) * k) + kx] * x[(((c * h) + iy) * w)
                                        + ix];
                                }
                            }
                        }
                    }

                    y[(((o * outH) + oy) * outW) + ox] = sum;
                }
            }
        }

        return (y, [conv.Out, outH, outW]);
    }

    /// <summary>Max or average over k×k windows with stride s and no padding (the pooling layers' semantics).</summary>
    private static (double[], int[]) Pool(int k, int s, bool average, double[] x, int[] shape)
    {
        var (channels, h, w) = (shape[0], shape[1], shape[2]);
        var outH = ((h - k) / s) + 1;
        var outW = ((w - k) / s) + 1;
        var y = new double[channels * outH * outW];
        for (var c = 0; c < channels; c++)
        {
            for (var oy = 0; oy < outH; oy++)
            {
                for (var ox = 0; ox < outW; ox++)
                {
                    var (max, sum) = (double.NegativeInfinity, 0.0);
                    for (var ky = 0; ky < k; ky++)
                    {
                        for (var kx = 0; kx < k; kx++)
                        {
                            var value = x[(((c * h) + (oy * s) + ky) * w) + (ox * s) + kx];
                            (max, sum) = (Math.Max(max, value), sum + value);
                        }
                    }

                    y[(((c * outH) + oy) * outW) + ox] = average ? sum / (k * k) : max;
                }
            }
        }

        return (y, [channels, outH, outW]);
    }

    /// <summary>Inference-mode batch norm: channel c of [C] or [C, H, W] uses the running statistics of c.</summary>
    private static double[] BatchNorm(double eps, double[] x, int[] shape, LayerWeights weights)
    {
        var scale = weights.Weight.ToFloats();
        var shift = weights.Tensor("bias").ToFloats();
        var mean = weights.Tensor("running_mean").ToFloats();
        var variance = weights.Tensor("running_var").ToFloats();
        var perChannel = x.Length / shape[0];
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var c = i / perChannel;
            y[i] = ((x[i] - mean[c]) / Math.Sqrt(variance[c] + eps) * scale[c]) + shift[c];
        }

        return y;
    }

    private static (double[], int[]) GlobalAvgPool(double[] x, int[] shape)
    {
        var channels = shape[0];
        var area = shape[1] * shape[2];
        var y = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            y[c] = x.AsSpan(c * area, area).ToArray().Average();
        }

        return (y, [channels]);
    }

    private static (double[], int[]) Residual(ResidualBlockLayer block, double[] x, int[] shape, LayerWeights weights)
    {
        var (value, valueShape) = Conv(block.Conv1, x, shape, weights.Part("conv1"));
        value = [.. BatchNorm(block.Bn1.Eps, value, valueShape, weights.Part("bn1")).Select(v => Math.Max(v, 0.0))];
        (value, valueShape) = Conv(block.Conv2, value, valueShape, weights.Part("conv2"));
        value = BatchNorm(block.Bn2.Eps, value, valueShape, weights.Part("bn2"));
        var shortcut = x;
        if (block.HasProjection)
        {
            var (projected, projectedShape) = Conv(block.ShortcutConv, x, shape, weights.Part("shortcut_conv"));
            shortcut = BatchNorm(block.ShortcutBn.Eps, projected, projectedShape, weights.Part("shortcut_bn"));
        }

        return ([.. value.Zip(shortcut, (a, b) => Math.Max(a + b, 0.0))], valueShape);
    }

    private static double[] Softmax(double[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(v => v / sum)];
    }
}
