using Hydra.Core.Errors;

namespace Hydra.Serving.Scoring;

/// <summary>
/// The input is malformed or does not fit the model: wrong shape or width, not finite, empty, bad JSON.
/// </summary>
public sealed class InvalidInputException : ScoringException
{
    public const string ErrorCode = "invalid-input";

    public InvalidInputException(string message, int? row = null, int? column = null, Exception? innerException = null)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
        Row = row;
        Column = column;
    }

    /// <summary>The zero-based row at fault, when one is.</summary>
    public int? Row { get; }

    /// <summary>The zero-based value within the row (flattened), when one is.</summary>
    public int? Column { get; }

    /// <summary>"row", and "column" with it, when the fault has a place.</summary>
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
            }

            return details;
        }
    }
}
