using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>
/// A request the scorer refuses or cannot serve. Its <see cref="HydraException.Code"/> and
/// <see cref="HydraException.Kind"/> say what went wrong; the HTTP layer maps the kind to a status in one place.
/// </summary>
public abstract class ScoringException : HydraException
{
    protected ScoringException(string code, ErrorKind kind, string message, Exception? innerException = null)
        : base(code, kind, message, innerException)
    {
    }
}
