namespace Hydra.Serving.Http;

/// <summary>One output tensor of a V2 response: flat row-major data (float[] for FP32, long[] for INT64).</summary>
public sealed record InferenceOutput(string Name, IReadOnlyList<long> Shape, string Datatype, object Data);
