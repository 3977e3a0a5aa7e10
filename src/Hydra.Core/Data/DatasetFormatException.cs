namespace Hydra.Core.Data;

/// <summary>A dataset file that cannot be read: its message names the file and what is wrong with it.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException()
    {
    }

    public DatasetFormatException(string message)
        : base(message)
    {
    }

    public DatasetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"{Path.GetFileName(filePath)}: {problem}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file that could not be read, when known.</summary>
    public string? FilePath { get; }
}
