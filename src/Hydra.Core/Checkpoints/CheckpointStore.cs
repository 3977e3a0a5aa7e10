using System.Security.Cryptography;
using System.Text;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Storage;

namespace Hydra.Core.Checkpoints;

/// <summary>
/// Writes and reads checkpoints in an artifact store. The weights go first and the card last, so a card's presence
/// means the checkpoint is complete; reading checks the weights' SHA-256 against the card and every tensor the
/// architecture needs against its expected shape.
/// </summary>
public sealed class CheckpointStore(IArtifactStore store)
{
    public IArtifactStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>
    /// Writes the weights, then the card (with the weights' hash filled in). Returns the card written.
    /// </summary>
    public async Task<ModelCard> WriteAsync(string folder, ModelCard card, IEnumerable<SafeTensor> tensors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(tensors);
        using var buffer = new MemoryStream();
        SafetensorsFile.Write(buffer, tensors, new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["kind"] = card.Kind.ToString().ToLowerInvariant()
        });
        var weights = buffer.ToArray();
        var complete = card with { Weights = new WeightsReference(ModelCard.WeightsFileName, Sha256(weights)) };
        await Store.WriteAsync(CheckpointPaths.Weights(folder), weights, cancellationToken);
        await Store.WriteAsync(CheckpointPaths.Card(folder), Encoding.UTF8.GetBytes(complete.ToJson()),
            cancellationToken);
        return complete;
    }

    public Task<bool> ExistsAsync(string folder, CancellationToken cancellationToken) =>
        Store.ExistsAsync(CheckpointPaths.Card(folder), cancellationToken);

    /// <exception cref="CheckpointException">The card or weights are missing, corrupt or inconsistent.</exception>
    public async Task<ModelCard> ReadCardAsync(string folder, CancellationToken cancellationToken)
    {
        var path = CheckpointPaths.Card(folder);
        byte[] json;
        try
        {
            json = await Store.ReadAsync(path, cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            throw new CheckpointException($"{path}: no model card (the checkpoint is missing or incomplete).", ex);
        }

        try
        {
            var card = ModelCard.FromJson(Encoding.UTF8.GetString(json), path);
            card.Architecture.Validate();
            return card;
        }
        catch (Exception ex) when (ex is InvalidDataException or Architecture.ArchitectureValidationException)
        {
            throw new CheckpointException($"{path}: {ex.Message}", ex);
        }
    }

    /// <exception cref="CheckpointException">The card or weights are missing, corrupt or inconsistent.</exception>
    public async Task<Checkpoint> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var card = await ReadCardAsync(folder, cancellationToken);
        var path = CheckpointPaths.Join(folder, card.Weights.File);
        byte[] weights;
        try
        {
            weights = await Store.ReadAsync(path, cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            throw new CheckpointException($"{path}: the weights file named by the card is missing.", ex);
        }

        var hash = Sha256(weights);
        if (!string.Equals(hash, card.Weights.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointException(
                $"{path}: SHA-256 {hash} does not match the card's {card.Weights.Sha256} "
                    + $"(corrupt or replaced weights).");
        }

        SafetensorsContent content;
        try
        {
            using var stream = new MemoryStream(weights, writable: false);
            content = SafetensorsFile.Read(stream);
        }
        catch (SafetensorsFormatException ex)
        {
            throw new CheckpointException($"{path}: {ex.Message}", ex);
        }

        CheckTensors(path, card, content.Tensors);
        return new Checkpoint(card, content.Tensors);
    }

    /// <summary>
    /// The tensors a network with this card's architecture and head count must hold, with their shapes.
    /// </summary>
    public static IReadOnlyList<(string Name, long[] Shape)> ExpectedTensors(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var expected = new List<(string, long[])>();
        AddLayers(expected, "body", card.Architecture.Body);
        for (var k = 0; k < card.Heads; k++)
        {
            AddLayers(expected, $"heads.{k}", card.Architecture.Head);
        }

        return expected;
    }

    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static void AddLayers(List<(string, long[])> expected, string prefix,
        IReadOnlyList<Architecture.LayerSpec> layers)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            foreach (var (name, shape) in layers[i].TensorShapes())
            {
                expected.Add(($"{prefix}.{i}.{name}", shape));
            }
        }
    }

    private static void CheckTensors(string path, ModelCard card, IReadOnlyDictionary<string, SafeTensor> tensors)
    {
        foreach (var (name, shape) in ExpectedTensors(card))
        {
            if (!tensors.TryGetValue(name, out var tensor))
            {
                throw new CheckpointException($"{path}: tensor '{name}' is missing.");
            }

            if (!tensor.Shape.SequenceEqual(shape))
            {
                throw new CheckpointException(
                    $"{path}: tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}] "
                        + $"but the architecture needs [{string.Join(", ", shape)}].");
            }

            if (tensor.DType != "F32")
            {
                throw new CheckpointException(
                    $"{path}: tensor '{name}' is {tensor.DType}; checkpoints hold F32 weights.");
            }
        }
    }
}
