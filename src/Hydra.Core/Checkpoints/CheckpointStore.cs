using System.Security.Cryptography;
using System.Text;
using Hydra.Core.Calibration;
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
    /// Writes the weights, the calibration rows when given, then the card (with the hashes filled in). Returns the card
    /// written.
    /// </summary>
    public async Task<ModelCard> WriteAsync(string folder, ModelCard card, IEnumerable<SafeTensor> tensors,
        CancellationToken cancellationToken, CalibrationInputs? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(tensors);
        var weights = Serialize(tensors, card.Kind.ToString().ToLowerInvariant());
        var complete = card with { Weights = new WeightsReference(ModelCard.WeightsFileName, Sha256(weights)) };
        await Store.WriteAsync(CheckpointPaths.Weights(folder), weights, cancellationToken);
        if (calibration is not null)
        {
            var rows = Serialize([SafeTensor.FromFloats(CalibrationInputs.TensorName,
                [calibration.Rows, .. calibration.RowShape.Select(d => (long)d)], calibration.Values)], "calibration");
            await Store.WriteAsync(CheckpointPaths.Join(folder, CalibrationInputs.FileName), rows, cancellationToken);
            complete = complete with
            {
                Calibration = new CalibrationReference(CalibrationInputs.FileName, Sha256(rows), calibration.Rows,
                    CalibrationRows.Source),
            };
        }

        await Store.WriteAsync(CheckpointPaths.Card(folder), Encoding.UTF8.GetBytes(complete.ToJson()),
            cancellationToken);
        return complete;
    }

    /// <summary>
    /// The calibration rows a card names, checked against its hash and its input shape; null when it names none.
    /// </summary>
    /// <exception cref="CheckpointException">The file is missing, corrupt or does not fit the card.</exception>
    public async Task<CalibrationInputs?> ReadCalibrationAsync(string folder, ModelCard card,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Calibration is not { } reference)
        {
            return null;
        }

        var path = CheckpointPaths.Join(folder, reference.File);
        var content = await ReadVerifiedAsync(path, reference.Sha256, "calibration rows", cancellationToken);
        if (!content.Tensors.TryGetValue(CalibrationInputs.TensorName, out var tensor) || tensor.DType != "F32"
            || tensor.Shape.Length != card.Input.Shape.Length + 1 || tensor.Shape[0] != reference.Rows
            || !tensor.Shape.Skip(1).SequenceEqual(card.Input.Shape.Select(d => (long)d)))
        {
            throw new CheckpointException(
                $"{path}: expected one F32 tensor '{CalibrationInputs.TensorName}' of shape [{reference.Rows}, "
                    + $"{string.Join(", ", card.Input.Shape)}] as the card says.");
        }

        return new CalibrationInputs(tensor.ToFloats(), reference.Rows, card.Input.Shape);
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
        var content = await ReadVerifiedAsync(path, card.Weights.Sha256, "weights", cancellationToken);
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

    private static byte[] Serialize(IEnumerable<SafeTensor> tensors, string kind)
    {
        using var buffer = new MemoryStream();
        SafetensorsFile.Write(buffer, tensors, new Dictionary<string, string> { ["format"] = "pt", ["kind"] = kind });
        return buffer.ToArray();
    }

    /// <summary>Reads a safetensors file the card names, checking its SHA-256 first.</summary>
    private async Task<SafetensorsContent> ReadVerifiedAsync(string path, string sha256, string what,
        CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await Store.ReadAsync(path, cancellationToken);
        }
        catch (FileNotFoundException ex)
        {
            throw new CheckpointException($"{path}: the {what} file named by the card is missing.", ex);
        }

        var hash = Sha256(bytes);
        if (!string.Equals(hash, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointException(
                $"{path}: SHA-256 {hash} does not match the card's {sha256} (corrupt or replaced {what}).");
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return SafetensorsFile.Read(stream);
        }
        catch (SafetensorsFormatException ex)
        {
            throw new CheckpointException($"{path}: {ex.Message}", ex);
        }
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
