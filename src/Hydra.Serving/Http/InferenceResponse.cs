namespace Hydra.Serving.Http;

/// <summary>Open Inference Protocol (KServe V2) inference response.</summary>
public sealed record InferenceResponse(string ModelName, string ModelVersion, string? Id,
    IReadOnlyList<InferenceOutput> Outputs);
