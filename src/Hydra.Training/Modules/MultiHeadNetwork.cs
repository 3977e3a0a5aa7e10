using Hydra.Core.Architecture;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Hydra.Training.Modules;

/// <summary>
/// One shared body and K heads. A member and the KD student have one head; Hydra has M. The forward pass
/// returns the heads' outputs stacked as [N, K, outputs]. Weight names are "body.{i}.*" and "heads.{k}.{i}.*",
/// the names the safetensors checkpoints and the ONNX exporter use.
/// </summary>
internal sealed class MultiHeadNetwork : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "body")]
    private readonly nn.Module<Tensor, Tensor> _body;

    [ComponentName(Name = "heads")]
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> _heads;

    private readonly StackedHeads? _stacked;

    public MultiHeadNetwork(ArchitectureSpec spec, int heads)
        : base(nameof(MultiHeadNetwork))
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        spec.Validate();
        Spec = spec;
        _body = LayerFactory.Sequential(spec.Body);
        _heads = nn.ModuleList(Enumerable.Range(0, heads).Select(_ => LayerFactory.Sequential(spec.Head)).ToArray());
        RegisterComponents();
        _stacked = heads > 1 ? StackedHeads.TryCreate(spec.Head, _heads) : null;
    }

    public ArchitectureSpec Spec { get; }

    public int HeadCount => _heads.Count;

    /// <summary>
    /// Whether, in training mode, the heads run as one batched operation per layer (<see cref="StackedHeads"/>) where
    /// the head allows it; evaluation always runs them one by one. Off: on one CPU thread it did not train faster
    /// (StackedHeadsBenchmark, reference MLP, 2026-12-03), and the loop keeps earlier runs' arithmetic.
    /// </summary>
    public bool StackHeadsInTraining { get; set; }

    public override Tensor forward(Tensor input)
    {
        using var features = Features(input);
        return HeadOutputs(features);
    }

    /// <summary>The body's output for <paramref name="input"/>: what every head reads.</summary>
    public Tensor Features(Tensor input) => _body.forward(input);

    /// <summary>
    /// The body's output without a gradient (the body builds no graph, so this costs a forward pass): features whose
    /// loss trains the heads alone.
    /// </summary>
    public Tensor DetachedFeatures(Tensor input)
    {
        using var noGradient = no_grad();
        return _body.forward(input);
    }

    /// <summary>The heads' outputs on the body's <paramref name="features"/>, stacked as [N, K, outputs].</summary>
    public Tensor HeadOutputs(Tensor features)
    {
        if (training && StackHeadsInTraining && _stacked is not null)
        {
            return _stacked.Forward(features);
        }

        using var scope = NewDisposeScope();
        var outputs = _heads.Select(h => h.forward(features)).ToArray();
        return stack(outputs, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>Whether a batch norm layer is anywhere in the network (its statistics depend on the batch).</summary>
    public bool HasBatchNorm =>
        modules().Any(m => m is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d);

    /// <summary>
    /// A forward pass in which batch norm uses and keeps its running statistics while everything else stays in the
    /// current mode, so inputs that are not training data (Hydra+'s off-manifold rows) neither shift the statistics
    /// the model is served with nor get normalised by their own batch. Gradients still flow, into the body too unless
    /// <paramref name="detachBody"/> (then only the heads learn from these rows).
    /// </summary>
    public Tensor ForwardWithFrozenStatistics(Tensor input, bool detachBody = false) => WithFrozenStatistics(() =>
    {
        if (!detachBody)
        {
            return forward(input);
        }

        using var features = DetachedFeatures(input);
        return HeadOutputs(features);
    });

    /// <summary>
    /// The heads' outputs [N, K, outputs] on features mixed in the body's space: λ·body(<paramref name="first"/>) +
    /// (1 − λ)·body(<paramref name="second"/>), one λ per row (<paramref name="lambda"/>, [N]), with batch norm
    /// frozen as in <see cref="ForwardWithFrozenStatistics"/>. Gradients flow into body and heads.
    /// </summary>
    public Tensor MixedFeatureOutputs(Tensor first, Tensor second, Tensor lambda) => WithFrozenStatistics(() =>
    {
        ArgumentNullException.ThrowIfNull(first);
        using var scope = NewDisposeScope();
        var features = Features(cat([first, second], 0));
        var rows = first.shape[0];
        var mixed = MixFeatures(features.narrow(0, 0, rows), features.narrow(0, rows, rows), lambda);
        return HeadOutputs(mixed).MoveToOuterDisposeScope();
    });

    /// <summary>λ·<paramref name="first"/> + (1 − λ)·<paramref name="second"/>, one λ per row ([N], broadcast over
    /// the rest of the shape).</summary>
    public static Tensor MixFeatures(Tensor first, Tensor second, Tensor lambda)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(lambda);
        using var scope = NewDisposeScope();
        var shape = new long[first.dim()];
        Array.Fill(shape, 1L);
        shape[0] = first.shape[0];
        var weight = lambda.reshape(shape);
        return (second + (weight * (first - second))).MoveToOuterDisposeScope();
    }

    /// <summary>Runs <paramref name="pass"/> with every batch norm layer that is training switched to its running
    /// statistics (and back afterwards).</summary>
    private Tensor WithFrozenStatistics(Func<Tensor> pass)
    {
        var norms = modules().Where(m => m is TorchSharp.Modules.BatchNorm1d or TorchSharp.Modules.BatchNorm2d
            && m.training).ToList();
        foreach (var norm in norms)
        {
            norm.eval();
        }

        try
        {
            return pass();
        }
        finally
        {
            foreach (var norm in norms)
            {
                norm.train();
            }
        }
    }

    /// <summary>Copies every parameter and buffer of <paramref name="other"/> (same spec, same heads) into this one.
    /// </summary>
    public void LoadAll(MultiHeadNetwork other) => CopyFrom(other, name => name);

    /// <summary>
    /// Copies the body and head 0 of <paramref name="other"/> into this network's body and every head.
    /// </summary>
    public void LoadBodyAndBroadcastHead(MultiHeadNetwork other) => CopyFrom(other, name =>
        name.StartsWith("heads.", StringComparison.Ordinal) ? "heads.0." + name[(name.IndexOf('.', 6) + 1)..] : name);

    /// <summary>Copies into each of this network's tensors the tensor of <paramref name="other"/> that
    /// <paramref name="sourceName"/> names.</summary>
    private void CopyFrom(MultiHeadNetwork other, Func<string, string> sourceName)
    {
        ArgumentNullException.ThrowIfNull(other);
        using var noGrad = no_grad();
        var source = other.state_dict();
        foreach (var (name, tensor) in state_dict())
        {
            tensor.copy_(source[sourceName(name)]);
        }
    }
}
