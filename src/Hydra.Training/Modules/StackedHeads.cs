using Hydra.Core.Architecture;
using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>
/// The M heads of a network whose head is Linear and ReLU layers only, run as one batched operation per layer instead
/// of M small ones: the first Linear of every head as one matrix product with the heads' weights side by side
/// ([F, M·H]), each later Linear as one batched product over the heads (bmm). The parameters stay the heads' own:
/// their weights are stacked on each call and gradients flow back through the stacking, so checkpoints, exports and
/// the optimiser see the same tensors as with <see cref="MultiHeadNetwork"/>'s per-head loop.
/// </summary>
internal sealed class StackedHeads
{
    /// <summary>Per head layer: the M heads' Linear modules, or null for a ReLU.</summary>
    private readonly TorchSharp.Modules.Linear[]?[] _layers;

    private StackedHeads(TorchSharp.Modules.Linear[]?[] layers) => _layers = layers;

    /// <summary>
    /// The stacked form of <paramref name="heads"/>, built from <paramref name="layers"/>; null when a head layer is
    /// anything but Linear or ReLU, or when there is no Linear (the per-head loop then stays).
    /// </summary>
    public static StackedHeads? TryCreate(IReadOnlyList<LayerSpec> layers,
        IEnumerable<nn.Module<Tensor, Tensor>> heads)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(heads);
        if (!layers.All(l => l is LinearLayer or ReluLayer) || !layers.Any(l => l is LinearLayer))
        {
            return null;
        }

        var children = heads.Select(h => h.children().ToArray()).ToArray();
        var stacked = layers.Select((layer, i) => layer is LinearLayer
            ? children.Select(c => (TorchSharp.Modules.Linear)c[i]).ToArray()
            : null).ToArray();
        return new StackedHeads(stacked);
    }

    /// <summary>The heads' outputs on the body's <paramref name="features"/> [N, F], as [N, M, outputs].</summary>
    public Tensor Forward(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = NewDisposeScope();
        var x = features;
        var perHead = false;
        foreach (var linears in _layers)
        {
            if (linears is null)
            {
                x = nn.functional.relu(x);
            }
            else if (!perHead)
            {
                x = FirstLinear(x, linears);
                perHead = true;
            }
            else
            {
                x = NextLinear(x, linears);
            }
        }

        // A ReLU before the first Linear leaves x [N, F]; perHead is set by then, as every stack has a Linear.
        return x.transpose(0, 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>[N, in] → [M, N, out]: one matrix product with every head's weights side by side.</summary>
    private static Tensor FirstLinear(Tensor x, TorchSharp.Modules.Linear[] linears)
    {
        var (heads, rows) = (linears.Length, x.shape[0]);
        var weights = stack(linears.Select(l => l.weight!), 0);
        var outputs = weights.shape[1];
        var y = matmul(x, weights.reshape(heads * outputs, weights.shape[2]).t());
        if (linears[0].bias is not null)
        {
            y = y + stack(linears.Select(l => l.bias!), 0).reshape(heads * outputs);
        }

        return y.view(rows, heads, outputs).transpose(0, 1);
    }

    /// <summary>[M, N, in] → [M, N, out]: one batched product over the heads.</summary>
    private static Tensor NextLinear(Tensor x, TorchSharp.Modules.Linear[] linears)
    {
        var y = bmm(x, stack(linears.Select(l => l.weight!), 0).transpose(1, 2));
        return linears[0].bias is null ? y : y + stack(linears.Select(l => l.bias!), 0).unsqueeze(1);
    }
}
