using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>
/// The model exists but cannot be served: unreadable manifest, missing or corrupt graph, checksum mismatch.
/// </summary>
public sealed class ModelUnavailableException : ScoringException
{
    public const string ErrorCode = "model-unavailable";

    public ModelUnavailableException(string name, string message, Exception? innerException = null)
        : base(ErrorCode, ErrorKind.Unavailable, $"Model '{name}' cannot be served: {message}", innerException)
    {
        ModelName = name;
    }

    public string ModelName { get; }
}
