using Hydra.Core.Errors;

namespace Hydra.Core.Data;

/// <summary>A dataset name that is neither built in nor an existing file; the message lists the built-ins.</summary>
public sealed class DatasetNotFoundException : HydraException
{
    public const string ErrorCode = "unknown-dataset";

    public DatasetNotFoundException()
        : this("No such dataset.")
    {
    }

    public DatasetNotFoundException(string message)
        : base(ErrorCode, ErrorKind.NotFound, message)
    {
    }

    public DatasetNotFoundException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.NotFound, message, innerException)
    {
    }
}
