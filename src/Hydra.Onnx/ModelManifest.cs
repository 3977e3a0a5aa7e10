using System.Text.Json;
using Hydra.Core;
using Hydra.Core.Architecture;

namespace Hydra.Onnx;

/// <summary>
/// "models/{modelId}/manifest.json", written after model.onnx: what the model is, where it came from, how it scored,
/// and how closely the graph reproduces the trainer. Its presence marks the model ready.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "manifest.json";

    public const string ModelFileName = "model.onnx";

    public required string ModelId { get; init; }

    /// <summary>member, kd, hydra or ensemble.</summary>
    public required string Kind { get; init; }

    public required string Task { get; init; }

    public required int Heads { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    public required ManifestInput Input { get; init; }

    public required ArchitectureSpec Architecture { get; init; }

    public required ManifestSource Source { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public required ParityReport Parity { get; init; }

    /// <summary>Multiply-accumulates per input row of the whole graph (bodies and heads).</summary>
    public required long MultiplyAccumulates { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string ExporterVersion { get; init; }

    /// <summary>SHA-256 (lower-case hex) of model.onnx.</summary>
    public required string OnnxSha256 { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, HydraJson.Options);

    /// <exception cref="InvalidDataException">The JSON is malformed or misses required fields.</exception>
    public static ModelManifest FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(json, HydraJson.Options)
                ?? throw new InvalidDataException("manifest.json: the manifest is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"manifest.json: {ex.Message}", ex);
        }
    }
}
