using Hydra.Core.Errors;

namespace Hydra.Core.Data;

/// <summary>
/// A built-in dataset whose files are not installed on this machine. The request is fine and another machine (or this
/// one after setup) can serve it, so it is <see cref="ErrorKind.Unavailable"/>; the message says how to install them.
/// </summary>
public sealed class DatasetUnavailableException : HydraException
{
    public const string ErrorCode = "dataset-unavailable";

    public DatasetUnavailableException()
        : this("The dataset's files are not installed.")
    {
    }

    public DatasetUnavailableException(string message)
        : base(ErrorCode, ErrorKind.Unavailable, message)
    {
    }

    public DatasetUnavailableException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.Unavailable, message, innerException)
    {
    }
}
