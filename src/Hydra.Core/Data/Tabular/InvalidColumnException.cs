using Hydra.Core.Errors;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// A row given by column name that does not fit the model's columns: one missing, unknown, of the wrong type, or
/// empty where the model does not impute. <see cref="Column"/> names it, so a host can point at it.
/// </summary>
public sealed class InvalidColumnException : HydraException
{
    /// <summary>The code it shares with other malformed input: to a client all mean "fix what you sent".</summary>
    public const string ErrorCode = InvalidRequestException.ErrorCode;

    public InvalidColumnException()
        : this("The row does not fit the model's columns.")
    {
    }

    public InvalidColumnException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
    }

    public InvalidColumnException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
    }

    public InvalidColumnException(string column, string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
        Column = column;
    }

    /// <summary>The column at fault, as the model or the row names it.</summary>
    public string? Column { get; }

    public override IReadOnlyDictionary<string, object?> Details =>
        Column is null ? base.Details : new Dictionary<string, object?> { ["column_name"] = Column };
}
