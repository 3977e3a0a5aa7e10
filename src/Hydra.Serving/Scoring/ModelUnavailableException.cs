namespace Hydra.Serving.Scoring;

/// <summary>The model exists but cannot be served: unreadable manifest, missing or corrupt graph, checksum mismatch.</summary>
public sealed class ModelUnavailableException : ScoringException
{
    public ModelUnavailableException(string name, string message, Exception? innerException = null)
        : base("model-unavailable", $"Model '{name}' cannot be served: {message}", innerException)
    {
        ModelName = name;
    }

    public string ModelName { get; }
}
