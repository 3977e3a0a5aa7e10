using Hydra.Core.Checkpoints;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training;

/// <summary>
/// A checkpoint loaded into TorchSharp for inference (the reference the ONNX graph is compared with).
/// </summary>
public sealed class TorchModel : IDisposable
{
    private readonly MultiHeadNetwork _network;
    private readonly long[] _rowShape;
    private readonly Core.Data.TargetScaling? _scaling;

    private TorchModel(MultiHeadNetwork network, long[] rowShape, Core.Data.TargetScaling? scaling)
    {
        _network = network;
        _rowShape = rowShape;
        _scaling = scaling;
    }

    public int Heads => _network.HeadCount;

    public static TorchModel Load(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var network = new MultiHeadNetwork(checkpoint.Card.Architecture, checkpoint.Card.Heads);
        NetworkTensors.Import(network, checkpoint.Tensors);
        network.eval();
        return new TorchModel(network, [.. checkpoint.Card.Architecture.InputShape.Select(d => (long)d)],
            checkpoint.Card.TargetScaling);
    }

    /// <summary>Per-head softmax probabilities [rows, heads, classes] for normalised input rows.</summary>
    public float[] HeadProbabilities(float[] inputs, int rows)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = tensor(inputs, [rows, .. _rowShape]);
        return nn.functional.softmax(_network.forward(batch), dim: -1).data<float>().ToArray();
    }

    /// <summary>
    /// Regression: per-head means and variances [rows, heads] for normalised input rows, in target units (the card's
    /// target scaling undone), as the exported graph outputs them.
    /// </summary>
    public (float[] Means, float[] Variances) HeadGaussians(float[] inputs, int rows)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var scope = NewDisposeScope();
        var batch = tensor(inputs, [rows, .. _rowShape]);
        return Inference.HeadGaussians(_network, batch, _scaling);
    }

    public void Dispose() => _network.Dispose();
}
