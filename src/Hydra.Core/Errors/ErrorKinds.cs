namespace Hydra.Core.Errors;

/// <summary>
/// Reads an exception's <see cref="ErrorKind"/>. An exception that is not a <see cref="HydraException"/> is a bug or
/// the
/// weather, never the request's fault: it is <see cref="ErrorKind.Transient"/> (retried, then dead-lettered after the
/// bounded count), whatever its .NET type.
/// </summary>
public static class ErrorKinds
{
    public static ErrorKind Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is HydraException hydra ? hydra.Kind : ErrorKind.Transient;
    }

    /// <summary>
    /// True when no retry can help: the worker dead-letters at once and fails the job with the message.
    /// </summary>
    public static bool IsPermanent(ErrorKind kind) =>
        IsCallerError(kind) || kind == ErrorKind.Permanent;

    /// <summary>True when the caller caused it (a 4xx, CLI exit code 2).</summary>
    public static bool IsCallerError(ErrorKind kind) =>
        kind is ErrorKind.InvalidInput or ErrorKind.NotFound or ErrorKind.Conflict or ErrorKind.TooLarge;
}
