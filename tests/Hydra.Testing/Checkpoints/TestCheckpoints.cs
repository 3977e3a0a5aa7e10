using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Storage;

namespace Hydra.Testing;

/// <summary>
/// Checkpoints made in code, without libtorch: a card with test defaults (change any field with <c>with</c>), weights
/// by a stated rule (seeded random, or small values a test can recompute by hand), and the write through
/// <see cref="CheckpointStore"/> exactly as the trainer writes them.
/// </summary>
public static class TestCheckpoints
{
    /// <summary>A small CNN (conv, pool, flatten, linear) on 1×6×6 inputs with a two-layer head of 4 classes.</summary>
    public static readonly ArchitectureSpec Small = new("small", [1, 6, 6],
        [
            new Conv2dLayer(1, 3, 3, Padding: 1), new ReluLayer(), new MaxPool2dLayer(2), new FlattenLayer(),
            new LinearLayer(27, 8), new ReluLayer(),
        ],
        [new LinearLayer(8, 6), new ReluLayer(), new LinearLayer(6, 4)]);

    /// <summary>When every test card was created: a fixed instant, so cards and manifests are reproducible.</summary>
    public static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>
    /// A classification card: classes "class-0", "class-1", … as many as the head outputs, seeds 0 … heads − 1,
    /// normalisation (x − 0.25) / 0.5, one test-accuracy metric, the weights file's hash left for the store to fill.
    /// </summary>
    public static ModelCard Card(ArchitectureSpec spec, int heads = 1, ModelKind kind = ModelKind.Hydra,
        ParityProbe? probe = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ModelCard
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
            Created = Created,
            Weights = new WeightsReference(ModelCard.WeightsFileName, ""),
            ParityProbe = probe,
        };
    }

    /// <summary>Every tensor the card expects, uniform in ±1/sqrt(fan-in) (PyTorch's default initialisation).</summary>
    public static List<SafeTensor> RandomTensors(ModelCard card, int seed)
    {
        var random = new Random(seed);
        return [.. Fill(card, (shape, _) =>
        {
            var fanIn = shape.Length > 1 ? shape.Skip(1).Aggregate(1L, (a, b) => a * b) : 16;
            var bound = 1.0 / Math.Sqrt(fanIn);
            return _ => (float)(((random.NextDouble() * 2) - 1) * bound);
        })];
    }

    /// <summary>
    /// Every tensor the card expects, element i of the k-th tensor (in <see cref="CheckpointStore.ExpectedTensors"/>
    /// order) being cos(3i + k) rounded to two decimals: distinct, bounded values a test can recompute by hand.
    /// </summary>
    public static List<SafeTensor> CosineTensors(ModelCard card) =>
        [.. Fill(card, (_, k) => i => (float)Math.Round(Math.Cos((3 * i) + k), 2))];

    /// <summary>Writes weights, then the card (the store fills in the hash); returns the card as written.</summary>
    public static Task<ModelCard> WriteAsync(IArtifactStore store, string folder, ModelCard card,
        IEnumerable<SafeTensor> tensors, CancellationToken cancellationToken = default) =>
        new CheckpointStore(store).WriteAsync(folder, card, tensors, cancellationToken);

    /// <summary>
    /// Writes a complete checkpoint with <see cref="Card"/> and <see cref="RandomTensors"/>. A Hydra or KD card gets
    /// the parity probe <paramref name="probe"/> computes from its card and weights (members never carry one).
    /// </summary>
    public static Task<ModelCard> WriteAsync(IArtifactStore store, string folder, ArchitectureSpec spec, int heads,
        int seed = 1, ModelKind kind = ModelKind.Hydra,
        Func<ModelCard, IReadOnlyList<SafeTensor>, ParityProbe>? probe = null)
    {
        var card = Card(spec, heads, kind);
        var tensors = RandomTensors(card, seed);
        var withProbe = card with { ParityProbe = kind == ModelKind.Member ? null : probe?.Invoke(card, tensors) };
        return WriteAsync(store, folder, withProbe, tensors);
    }

    /// <summary>
    /// Writes <paramref name="count"/> member checkpoints ("members/0", …) of <paramref name="spec"/> into a run
    /// folder,
    /// member m seeded with m: what <c>hydra run</c> leaves for <c>hydra export --ensemble</c> and <c>hydra score</c>.
    /// </summary>
    public static async Task WriteMembersAsync(string runFolder, ArchitectureSpec spec, int count)
    {
        var store = new FolderArtifactStore(runFolder);
        for (var m = 0; m < count; m++)
        {
            var folder = CheckpointPaths.Folder("", ModelKind.Member, m);
            await WriteAsync(store, folder, spec, heads: 1, seed: m, kind: ModelKind.Member);
        }
    }

    private static IEnumerable<SafeTensor> Fill(ModelCard card, Func<long[], int, Func<int, float>> valuesOf)
    {
        ArgumentNullException.ThrowIfNull(card);
        return CheckpointStore.ExpectedTensors(card).Select((t, k) =>
        {
            var count = (int)t.Shape.Aggregate(1L, (a, b) => a * b);
            var value = valuesOf(t.Shape, k);
            return SafeTensor.FromFloats(t.Name, t.Shape, [.. Enumerable.Range(0, count).Select(value)]);
        });
    }
}
