using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Storage;
using Hydra.Onnx.Graph;
using Hydra.Onnx.Parity;

namespace Hydra.Onnx.Tests;

/// <summary>Checkpoints made in code, without libtorch: random weights and a probe from the C# reference forward.</summary>
internal static class TestCheckpoints
{
    public static readonly ArchitectureSpec Small = new("small", [1, 6, 6],
        [new Conv2dLayer(1, 3, 3, Padding: 1), new ReluLayer(), new MaxPool2dLayer(2), new FlattenLayer(), new LinearLayer(27, 8), new ReluLayer()],
        [new LinearLayer(8, 6), new ReluLayer(), new LinearLayer(6, 4)]);

    public static ModelCard Card(ArchitectureSpec spec, int heads, ModelKind kind = ModelKind.Hydra, ParityProbe? probe = null) => new()
    {
        Kind = kind,
        Task = ModelTask.Classification,
        Dataset = "test",
        Architecture = spec,
        Heads = heads,
        Classes = [.. Enumerable.Range(0, spec.Validate().HeadOutput).Select(c => $"class-{c}")],
        Input = new InputSpec(spec.InputShape, new Normalization(0.25f, 0.5f)),
        Seeds = [.. Enumerable.Range(0, heads)],
        Metrics = new Dictionary<string, double> { ["test_accuracy"] = 0.75 },
        Created = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Weights = new WeightsReference(ModelCard.WeightsFileName, ""),
        ParityProbe = probe,
    };

    /// <summary>Weights drawn uniformly in ±1/sqrt(fan-in), like PyTorch's default initialisation.</summary>
    public static List<SafeTensor> RandomTensors(ModelCard card, int seed)
    {
        var random = new Random(seed);
        return [.. CheckpointStore.ExpectedTensors(card).Select(t =>
        {
            var count = (int)t.Shape.Aggregate(1L, (a, b) => a * b);
            var fanIn = t.Shape.Length > 1 ? t.Shape.Skip(1).Aggregate(1L, (a, b) => a * b) : 16;
            var bound = 1.0 / Math.Sqrt(fanIn);
            return SafeTensor.FromFloats(t.Name, t.Shape, [.. Enumerable.Range(0, count).Select(_ => (float)(((random.NextDouble() * 2) - 1) * bound))]);
        })];
    }

    /// <summary>Probe rows with the per-head probabilities of the reference forward.</summary>
    public static ParityProbe ReferenceProbe(ModelCard card, IReadOnlyList<SafeTensor> tensors, int rows = 4, int seed = 7)
    {
        var network = new NetworkSource("", card.Architecture, card.Heads, tensors.ToDictionary(t => t.Name));
        var features = card.Architecture.InputShape.Aggregate(1, (a, b) => a * b);
        var inputs = ParityCheck.RandomRows(rows, features, seed).Chunk(features).ToArray();
        var outputs = inputs.Select(row => ReferenceForward.HeadProbabilities(network, row)
            .Select(head => head.Select(p => (float)p).ToArray()).ToArray()).ToArray();
        return new ParityProbe(inputs, outputs);
    }

    /// <summary>Writes a complete checkpoint (weights, then a card with a reference probe) and returns its card.</summary>
    public static async Task<ModelCard> WriteAsync(IArtifactStore store, string folder, ArchitectureSpec spec, int heads, int seed = 1, ModelKind kind = ModelKind.Hydra)
    {
        var card = Card(spec, heads, kind);
        var tensors = RandomTensors(card, seed);
        var probe = kind == ModelKind.Hydra ? ReferenceProbe(card, tensors) : null;
        return await new CheckpointStore(store).WriteAsync(folder, card with { ParityProbe = probe }, tensors, CancellationToken.None);
    }
}
