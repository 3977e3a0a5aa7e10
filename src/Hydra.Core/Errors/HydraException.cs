using System.Collections.ObjectModel;

namespace Hydra.Core.Errors;

/// <summary>
/// The base of every domain error: a stable machine-readable <see cref="Code"/> (kebab-case, the suffix of the HTTP
/// problem type) and a <see cref="Kind"/> that decides how each host reacts. The message is one line a person can act
/// on.
/// </summary>
public abstract class HydraException : Exception
{
    protected HydraException(string code, ErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Kind = kind;
    }

    /// <summary>
    /// A short kebab-case name of the error (invalid-input, unknown-model, …); stable across versions.
    /// </summary>
    public string Code { get; }

    public ErrorKind Kind { get; }

    /// <summary>
    /// Facts a client can act on (row, column, max_rows, errors, …), keyed by their snake_case wire names; problem
    /// responses copy them as extension members, so no host needs to know the exception's type.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?> Details => ReadOnlyDictionary<string, object?>.Empty;
}
