namespace Hydra.Core.Errors;

/// <summary>
/// What an error means to whoever handles it. HTTP problem mapping, CLI exit codes and the worker's dead-letter
/// decision
/// each read this, in one place each (<see cref="ErrorKinds"/>), never the exception's .NET type.
/// </summary>
public enum ErrorKind
{
    /// <summary>
    /// The caller's input is wrong (HTTP 400, CLI exit 2, dead-lettered): fix the input and try again.
    /// </summary>
    InvalidInput,

    /// <summary>A named thing does not exist (HTTP 404, CLI exit 2, dead-lettered).</summary>
    NotFound,

    /// <summary>The request contradicts what exists (HTTP 409, CLI exit 2, dead-lettered).</summary>
    Conflict,

    /// <summary>A payload or batch over a bound (HTTP 413, CLI exit 2, dead-lettered).</summary>
    TooLarge,

    /// <summary>A dependency is missing or not ready yet (HTTP 503, CLI exit 1, retried).</summary>
    Unavailable,

    /// <summary>
    /// The work can never succeed as asked, though the input was well-formed (HTTP 422, CLI exit 1, dead-lettered).
    /// </summary>
    Permanent,

    /// <summary>
    /// May succeed on another try (HTTP 500, CLI exit 1, retried, then dead-lettered after the bounded count).
    /// </summary>
    Transient,
}
