namespace Hydra.Serving.Tests.OpenInference;

/// <summary>The spec's <c>$metadata_tensor</c>: a tensor's name, datatype and shape (-1 for a variable size).</summary>
internal sealed record OipTensorMetadata(string Name, string Datatype, long[] Shape);

/// <summary>The spec's <c>$metadata_model_response</c>.</summary>
internal sealed record OipModelMetadata(string Name, string[] Versions, string Platform,
    OipTensorMetadata[] Inputs, OipTensorMetadata[] Outputs);

/// <summary>The spec's <c>$metadata_server_response</c>.</summary>
internal sealed record OipServerMetadata(string Name, string Version, string[] Extensions);

/// <summary>The spec's <c>$inference_response</c>, with binary outputs already decoded.</summary>
internal sealed record OipInferResult(string ModelName, string? ModelVersion, string? Id,
    IReadOnlyList<OipTensor> Outputs, IReadOnlyList<string> BinaryOutputs)
{
    public OipTensor this[string name] => Outputs.Single(o => o.Name == name);
}

/// <summary>An error response: the status and the spec's <c>{"error": $string}</c>.</summary>
internal sealed class OipException(int status, string error) : Exception($"{status}: {error}")
{
    public int Status { get; } = status;

    public string Error { get; } = error;
}
