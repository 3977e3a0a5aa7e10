using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>A versioned route named a version of the model that is not the one served.</summary>
public sealed class ModelVersionNotFoundException : ScoringException
{
    public const string ErrorCode = "unknown-model-version";

    public ModelVersionNotFoundException(string name, string version, string served)
        : base(ErrorCode, ErrorKind.NotFound, $"Model '{name}' has no version '{version}'; the served version is "
            + $"{served} (its ONNX SHA-256, or a prefix of at least {ModelVersions.MinPrefixLength} characters).")
    {
        ModelName = name;
        RequestedVersion = version;
    }

    public string ModelName { get; }

    public string RequestedVersion { get; }
}
