using Hydra.Core.Errors;

namespace Hydra.Core.Jobs;

/// <summary>
/// A message that can never be processed: it goes to the dead-letter/poison queue with this message as reason.
/// </summary>
public sealed class InvalidWorkItemException : HydraException
{
    public const string ErrorCode = "invalid-work-item";

    public InvalidWorkItemException()
        : this("The work item cannot be processed.")
    {
    }

    public InvalidWorkItemException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message)
    {
    }

    public InvalidWorkItemException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException)
    {
    }
}
