using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Onnx.Graph;
using Hydra.Onnx.Parity;

namespace Hydra.Onnx.Tests;

/// <summary>Parity probes from the C# reference forward, for checkpoints made without libtorch.</summary>
internal static class ReferenceProbe
{
    /// <summary>Four seeded probe rows with the per-head probabilities of the reference forward.</summary>
    public static ParityProbe Of(ModelCard card, IReadOnlyList<SafeTensor> tensors)
    {
        const int rows = 4;
        var network = new NetworkSource("", card.Architecture, card.Heads, tensors.ToDictionary(t => t.Name));
        var features = card.Architecture.InputShape.Aggregate(1, (a, b) => a * b);
        var inputs = ParityCheck.RandomRows(rows, features, seed: 7).Chunk(features).ToArray();
        var outputs = inputs.Select(row => ReferenceForward.HeadProbabilities(network, row)
            .Select(head => head.Select(p => (float)p).ToArray()).ToArray()).ToArray();
        return new ParityProbe(inputs, outputs);
    }
}
