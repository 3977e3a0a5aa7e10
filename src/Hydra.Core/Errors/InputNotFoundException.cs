namespace Hydra.Core.Errors;

/// <summary>A file or folder the caller named does not exist; the message says which.</summary>
public sealed class InputNotFoundException : HydraException
{
    public const string ErrorCode = "input-not-found";

    public InputNotFoundException()
        : this("The named input does not exist.")
    {
    }

    public InputNotFoundException(string message)
        : base(ErrorCode, ErrorKind.NotFound, message)
    {
    }

    public InputNotFoundException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.NotFound, message, innerException)
    {
    }

    /// <summary>"{what} '{path}' does not exist.", <paramref name="what"/> being the path's role.</summary>
    public InputNotFoundException(string what, string path, Exception? innerException = null)
        : base(ErrorCode, ErrorKind.NotFound, $"{what} '{path}' does not exist.", innerException)
    {
        Path = path;
    }

    /// <summary>The path as the caller wrote it, when known.</summary>
    public string? Path { get; }
}
