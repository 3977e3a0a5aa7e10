using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Onnx.Parity;
using Hydra.Training;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Onnx.Tests;

/// <summary>
/// A TorchSharp network with seeded random weights: the trainer's own forward, which the export must reproduce.
/// </summary>
internal sealed class TorchModel : IDisposable
{
    private readonly MultiHeadNetwork _network;

    public TorchModel(ArchitectureSpec spec, int heads, int seed)
    {
        TorchRuntime.Seed(seed);
        _network = new MultiHeadNetwork(spec, heads);
        Spec = spec;
        Heads = heads;
    }

    public ArchitectureSpec Spec { get; }

    public int Heads { get; }

    public int Features => Spec.InputShape.Aggregate(1, (a, b) => a * b);

    /// <summary>
    /// Per-head probabilities [rows, heads, classes], flat, from TorchSharp's forward in evaluation mode.
    /// </summary>
    public float[] HeadProbabilities(float[] rows)
    {
        using var inputs = tensor(rows, [rows.Length / Features, .. Spec.InputShape.Select(d => (long)d)]);
        return Inference.HeadProbabilities(_network, inputs);
    }

    /// <summary>Writes the weights and a card whose parity probe TorchSharp computed, as the trainer does.</summary>
    public Task<ModelCard> WriteAsync(CheckpointStore store, string folder, ModelKind kind, int probeRows = 4)
    {
        var rows = ParityCheck.RandomRows(probeRows, Features, 1234);
        var probabilities = HeadProbabilities(rows);
        var classes = probabilities.Length / (probeRows * Heads);
        var probe = new ParityProbe(
            [.. rows.Chunk(Features)],
            [.. probabilities.Chunk(Heads * classes).Select(r => r.Chunk(classes).ToArray())]);
        var card = TestCheckpoints.Card(Spec, Heads, kind, kind == ModelKind.Member ? null : probe);
        return store.WriteAsync(folder, card, NetworkTensors.Export(_network), CancellationToken.None);
    }

    /// <summary>
    /// Moves the network away from its initialisation the way training would, without back-propagation: every
    /// parameter gets seeded noise (batch norm's scale and shift included), then a few training-mode forward passes on
    /// shifted, scaled rows update batch norm's running statistics away from their initial 0 and 1.
    /// </summary>
    public void Perturb(int forwardPasses, int seed)
    {
        TorchRuntime.Seed(seed);
        using (no_grad())
        {
            foreach (var parameter in _network.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.2);
            }

            _network.train();
            for (var s = 0; s < forwardPasses; s++)
            {
                using var scope = NewDisposeScope();
                _network.forward((randn([16, .. Spec.InputShape.Select(d => (long)d)]) * 3) + 1);
            }
        }

        _network.eval();
    }

    /// <summary>The largest |running_mean| over the network's batch norms (0 when it has none).</summary>
    public float LargestRunningMean() => _network.state_dict()
        .Where(t => t.Key.EndsWith(".running_mean", StringComparison.Ordinal))
        .Select(t => t.Value.abs().max().item<float>())
        .DefaultIfEmpty(0f)
        .Max();

    public void Dispose() => _network.Dispose();
}
