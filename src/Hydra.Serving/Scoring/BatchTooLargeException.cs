namespace Hydra.Serving.Scoring;

/// <summary>More rows in one request than the configured bound.</summary>
public sealed class BatchTooLargeException : ScoringException
{
    public BatchTooLargeException(int rows, int maxRows)
        : base("batch-too-large", $"The batch has {rows} rows; at most {maxRows} are scored per request.")
    {
        Rows = rows;
        MaxRows = maxRows;
    }

    public int Rows { get; }

    public int MaxRows { get; }
}
