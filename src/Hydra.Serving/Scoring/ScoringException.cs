namespace Hydra.Serving.Scoring;

/// <summary>
/// A request the scorer refuses or cannot serve. <see cref="Code"/> is stable and machine-readable; the HTTP layer maps
/// each subtype to a status in one place.
/// </summary>
public abstract class ScoringException : Exception
{
    protected ScoringException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>A short kebab-case name of the error (invalid-input, unknown-model, …).</summary>
    public string Code { get; }
}
