namespace Hydra.Serving.Scoring;

/// <summary>The input is malformed or does not fit the model: wrong shape or width, not finite, empty, bad JSON.</summary>
public sealed class InvalidInputException : ScoringException
{
    public InvalidInputException(string message, int? row = null, int? column = null, Exception? innerException = null)
        : base("invalid-input", message, innerException)
    {
        Row = row;
        Column = column;
    }

    /// <summary>The zero-based row at fault, when one is.</summary>
    public int? Row { get; }

    /// <summary>The zero-based value within the row (flattened), when one is.</summary>
    public int? Column { get; }
}
