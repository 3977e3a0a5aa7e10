using Hydra.Core.Errors;

namespace Hydra.Core.Jobs;

/// <summary>
/// A request reuses the id of an existing job with different content (HTTP 409; a queued one is poisoned).
/// </summary>
public sealed class JobConflictException : HydraException
{
    public const string ErrorCode = "job-conflict";

    public JobConflictException()
        : this("The job conflicts with an existing one.")
    {
    }

    public JobConflictException(string message) : base(ErrorCode, ErrorKind.Conflict, message)
    {
    }

    public JobConflictException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.Conflict, message, innerException)
    {
    }
}
