namespace Hydra.Serving.Http;

/// <summary>Open Inference Protocol (KServe V2) inference response.</summary>
/// <param name="Parameters">The request's <c>parameters</c> object, passed through unchanged.</param>
public sealed record InferenceResponse(string ModelName, string ModelVersion, string? Id,
    IReadOnlyList<InferenceOutput> Outputs, System.Text.Json.JsonElement? Parameters = null);
