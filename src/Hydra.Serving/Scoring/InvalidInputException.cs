using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>
/// The input is malformed or does not fit the model: wrong shape or width, not finite, empty, bad JSON.
/// </summary>
public sealed class InvalidInputException : ScoringException
{
    public const string ErrorCode = "invalid-input";

    public InvalidInputException(string message, int? row = null, int? column = null, Exception? innerException = null,
        string? columnName = null)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
        Row = row;
        Column = column;
        ColumnName = columnName;
    }

    /// <summary>The zero-based row at fault, when one is.</summary>
    public int? Row { get; }

    /// <summary>The zero-based value within the row (flattened), when one is.</summary>
    public int? Column { get; }

    /// <summary>The column at fault in a row given by column name, when one is.</summary>
    public string? ColumnName { get; }

    /// <summary>"row", and "column" or "column_name" with it, when the fault has a place.</summary>
    public override IReadOnlyDictionary<string, object?> Details
    {
        get
        {
            var details = new Dictionary<string, object?>();
            if (Row is { } row)
            {
                details["row"] = row;
                if (Column is { } column)
                {
                    details["column"] = column;
                }

                if (ColumnName is { } name)
                {
                    details["column_name"] = name;
                }
            }

            return details;
        }
    }
}
