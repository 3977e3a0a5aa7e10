using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>More rows in one request than the configured bound.</summary>
public sealed class BatchTooLargeException : ScoringException
{
    public const string ErrorCode = "batch-too-large";

    public BatchTooLargeException(int rows, int maxRows)
        : base(ErrorCode, ErrorKind.TooLarge, $"The batch has {rows} rows; at most {maxRows} are scored per request.")
    {
        Rows = rows;
        MaxRows = maxRows;
    }

    public int Rows { get; }

    public int MaxRows { get; }

    public override IReadOnlyDictionary<string, object?> Details =>
        new Dictionary<string, object?> { ["max_rows"] = MaxRows };
}
