namespace Hydra.Serving.Scoring;

/// <summary>
/// One version of a model: its id and the SHA-256 of its ONNX graph. One session is loaded per version.
/// </summary>
public readonly record struct ModelVersion(string ModelId, string OnnxSha256)
{
    public override string ToString() => $"{ModelId}@{OnnxSha256[..Math.Min(12, OnnxSha256.Length)]}";
}
