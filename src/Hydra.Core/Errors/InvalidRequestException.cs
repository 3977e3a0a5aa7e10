namespace Hydra.Core.Errors;

/// <summary>
/// A request that names an impossible value: a command-line option, a query parameter or a training option out of its
/// range. The message names the option, the value and what would be accepted.
/// </summary>
public sealed class InvalidRequestException : HydraException
{
    /// <summary>The code it shares with malformed scoring input: to a client both mean "fix what you sent".</summary>
    public const string ErrorCode = "invalid-input";

    public InvalidRequestException()
        : this("The request is not valid.")
    {
    }

    public InvalidRequestException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
    }

    public InvalidRequestException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
    }
}
