using Hydra.Core.Checkpoints;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training;

/// <summary>A checkpoint loaded into TorchSharp for inference (the reference the ONNX graph is compared with).</summary>
public sealed class TorchModel : IDisposable
{
    private readonly MultiHeadNetwork _network;
    private readonly long[] _rowShape;

    private TorchModel(MultiHeadNetwork network, long[] rowShape)
    {
        _network = network;
        _rowShape = rowShape;
    }

    public int Heads => _network.HeadCount;

    public static TorchModel Load(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var network = new MultiHeadNetwork(checkpoint.Card.Architecture, checkpoint.Card.Heads);
        NetworkTensors.Import(network, checkpoint.Tensors);
        network.eval();
        return new TorchModel(network, [.. checkpoint.Card.Architecture.InputShape.Select(d => (long)d)]);
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

    public void Dispose() => _network.Dispose();
}
