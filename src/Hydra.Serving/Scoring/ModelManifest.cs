using System.Text.Json;
using Hydra.Core;
using Hydra.Core.Models;

namespace Hydra.Serving.Scoring;

/// <summary>
/// <c>models/{modelId}/manifest.json</c>, written by the exporter after <c>model.onnx</c>: what the graph computes,
/// the raw-input shape and normalisation the server applies, and the SHA-256 that names this version of the graph.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "manifest.json";

    public const string ModelFileName = "model.onnx";

    public required string ModelId { get; init; }

    /// <summary>member, kd, hydra or ensemble (an ensemble exported as one graph).</summary>
    public required string Kind { get; init; }

    public required ModelTask Task { get; init; }

    public required int Heads { get; init; }

    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Raw row shape (without the batch dimension) and the normalisation applied before the graph.</summary>
    public required InputSpec Input { get; init; }

    /// <summary>The exporter's parity check against the trainer's probe (kept as written; the server only reports it).</summary>
    public JsonElement? Parity { get; init; }

    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    public DateTimeOffset? Created { get; init; }

    public string? ExporterVersion { get; init; }

    public required string OnnxSha256 { get; init; }

    /// <summary>Number of raw values in one input row: the product of the input shape.</summary>
    public int RowLength => Input.Shape.Aggregate(1, (product, dimension) => product * dimension);

    /// <exception cref="InvalidDataException">Not valid JSON, a required field missing, or an impossible shape.</exception>
    public static ModelManifest FromJson(ReadOnlySpan<byte> utf8Json, string source)
    {
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(utf8Json, HydraJson.Options)
                ?? throw new InvalidDataException($"{source}: the manifest is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }

        if (manifest.Input.Shape.Length == 0 || manifest.Input.Shape.Any(d => d <= 0))
        {
            throw new InvalidDataException($"{source}: input shape [{string.Join(", ", manifest.Input.Shape)}] must have positive dimensions.");
        }

        if (manifest.Heads <= 0)
        {
            throw new InvalidDataException($"{source}: heads must be positive, not {manifest.Heads}.");
        }

        var std = manifest.Input.Normalization.Std;
        if (!(std > 0) || !float.IsFinite(std) || !float.IsFinite(manifest.Input.Normalization.Mean))
        {
            throw new InvalidDataException($"{source}: normalisation std must be positive and finite, mean finite.");
        }

        return manifest;
    }
}
