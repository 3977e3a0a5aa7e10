using Hydra.Core.Errors;

namespace Hydra.Core.Data;

/// <summary>A dataset file that cannot be read: its message names the file and what is wrong with it.</summary>
public sealed class DatasetFormatException : HydraException
{
    public const string ErrorCode = "invalid-dataset";

    public DatasetFormatException()
        : this("The dataset file cannot be read.")
    {
    }

    public DatasetFormatException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
    }

    public DatasetFormatException(string filePath, string problem, Exception? innerException = null)
        : base(ErrorCode, ErrorKind.InvalidInput, $"{Path.GetFileName(filePath)}: {problem}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file that could not be read, when known.</summary>
    public string? FilePath { get; }
}
