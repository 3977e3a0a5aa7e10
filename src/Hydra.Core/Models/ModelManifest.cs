using System.Text;
using System.Text.Json;
using Hydra.Core.Architecture;
using Hydra.Core.Calibration;
using Hydra.Core.Data;

namespace Hydra.Core.Models;

/// <summary>
/// "models/{modelId}/manifest.json", written by the exporter after model.onnx and read by the scorer: what the model
/// is, the raw-input shape and normalisation the server applies, where it came from, how it scored, how closely the
/// graph reproduces the trainer, and the SHA-256 that names this version of the graph. Its presence marks the model
/// ready.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "manifest.json";

    public const string ModelFileName = "model.onnx";

    public required string ModelId { get; init; }

    /// <summary>member, kd, hydra, hydra_plus or ensemble (an ensemble exported as one graph).</summary>
    public required string Kind { get; init; }

    public required ModelTask Task { get; init; }

    public required int Heads { get; init; }

    /// <summary>Class names; empty for a regression model.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>
    /// Regression only: how the targets were scaled for training. The graph already maps its outputs back to target
    /// units
    /// with it; it is here so a client can tell which scale the model learned on.
    /// </summary>
    public TargetScaling? TargetScaling { get; init; }

    /// <summary>Raw row shape (without the batch dimension) and the normalisation applied before the graph.</summary>
    public required InputSpec Input { get; init; }

    public required ArchitectureSpec Architecture { get; init; }

    public required ManifestSource Source { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public required ParityReport Parity { get; init; }

    /// <summary>
    /// The graph's uncertainty on held-out in-domain rows, behind each answer's <c>epistemic_quantile</c> and
    /// <c>out_of_distribution</c>; null when the checkpoint carried no calibration rows (the answer then omits both).
    /// </summary>
    public ModelCalibration? Calibration { get; init; }

    /// <summary>Multiply-accumulates per input row of the whole graph (bodies and heads).</summary>
    public required long MultiplyAccumulates { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string ExporterVersion { get; init; }

    /// <summary>SHA-256 (lower-case hex) of model.onnx.</summary>
    public required string OnnxSha256 { get; init; }

    /// <summary>Number of raw values in one input row: the product of the input shape.</summary>
    public int RowLength => Input.Shape.Aggregate(1, (product, dimension) => product * dimension);

    public string ToJson() => JsonSerializer.Serialize(this, HydraJson.Options);

    /// <exception cref="InvalidDataException">The JSON is malformed, misses required fields, or describes an impossible
    /// input.</exception>
    public static ModelManifest FromJson(string json, string source = FileName)
        => FromJson(Encoding.UTF8.GetBytes(json), source);

    /// <exception cref="InvalidDataException">The JSON is malformed, misses required fields, or describes an impossible
    /// input.</exception>
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
            throw new InvalidDataException(
                $"{source}: input shape [{string.Join(", ", manifest.Input.Shape)}] must have positive dimensions.");
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

        CheckFeatures(manifest, source);
        manifest.Calibration?.Validate(source);
        if (manifest.TargetScaling is { } scaling && (!(scaling.Std > 0) || !float.IsFinite(scaling.Std)
            || !float.IsFinite(scaling.Mean)))
        {
            throw new InvalidDataException($"{source}: target scaling std must be positive and finite, mean finite.");
        }

        return manifest;
    }

    private static void CheckFeatures(ModelManifest manifest, string source)
    {
        if (manifest.Input.Columns is { } columns && columns.Width != manifest.RowLength)
        {
            throw new InvalidDataException(
                $"{source}: the column schema encodes {columns.Width} values, but a row has {manifest.RowLength}.");
        }

        if (manifest.Input.Features is not { } features)
        {
            return;
        }

        if (features.Mean is null || features.Std is null || features.Mean.Length != manifest.RowLength
            || features.Std.Length != manifest.RowLength)
        {
            throw new InvalidDataException(
                $"{source}: feature normalisation needs {manifest.RowLength} means and stds, one per input value.");
        }

        if (features.Std.Any(s => !(s > 0) || !float.IsFinite(s)) || features.Mean.Any(m => !float.IsFinite(m)))
        {
            throw new InvalidDataException(
                $"{source}: feature normalisation stds must be positive and finite, means finite.");
        }
    }
}
