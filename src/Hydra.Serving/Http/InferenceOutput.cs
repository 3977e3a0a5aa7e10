namespace Hydra.Serving.Http;

/// <summary>
/// One output tensor of a V2 response: flat row-major data (float[] for FP32, long[] for INT64, bool[] for BOOL), or,
/// sent as binary (<see cref="BinaryOutputs"/>), no data and <c>parameters.binary_data_size</c>.
/// </summary>
public sealed record InferenceOutput(string Name, IReadOnlyList<long> Shape, string Datatype, object? Data,
    IReadOnlyDictionary<string, object>? Parameters = null);
