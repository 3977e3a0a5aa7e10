using Hydra.Core.Errors;

namespace Hydra.Core.Datasets;

/// <summary>A stored dataset over the configured bounds (total bytes or file count); the message says which.</summary>
public sealed class DatasetTooLargeException : HydraException
{
    public const string ErrorCode = "dataset-too-large";

    public DatasetTooLargeException()
        : this("The dataset is larger than this deployment accepts.")
    {
    }

    public DatasetTooLargeException(string message)
        : base(ErrorCode, ErrorKind.TooLarge, message)
    {
    }

    public DatasetTooLargeException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.TooLarge, message, innerException)
    {
    }
}
