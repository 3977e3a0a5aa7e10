using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// Open Inference Protocol model metadata (<c>GET /v2/models/{name}</c>); versions are ONNX SHA-256 digests.
/// </summary>
public sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<TensorDescription> Inputs,
    IReadOnlyList<TensorDescription> Outputs);
