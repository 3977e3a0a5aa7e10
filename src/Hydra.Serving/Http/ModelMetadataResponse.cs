using Hydra.Core.Models;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// Open Inference Protocol model metadata (<c>GET /v2/models/{name}</c>); versions are ONNX SHA-256 digests. A model
/// trained on a table adds <see cref="Parameters"/>: its <c>feature_names</c> (the columns a row by name needs, as the
/// simple API takes them) and <c>input_names</c> (one per value of the input tensor, "column=category" for a one-hot
/// value), so a V2 client can build the tensor.
/// </summary>
public sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorDescription> Inputs,
    IReadOnlyList<TensorDescription> Outputs)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Parameters { get; init; }

    /// <summary>The feature names of a tabular model's input; null for other models.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>>? FeatureNames(InputSpec input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Columns is { } columns
            ? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                ["feature_names"] = [.. columns.FeatureNames],
                ["input_names"] = [.. columns.EncodedNames],
            }
            : null;
    }
}
