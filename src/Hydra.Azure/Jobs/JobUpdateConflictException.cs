using Hydra.Core.Errors;

namespace Hydra.Azure.Jobs;

/// <summary>
/// An update lost every read-change-write round to other writers (ETag mismatch each time) and gave up. Nothing is
/// wrong with the update itself: once the contention passes it succeeds, so it is <see cref="ErrorKind.Unavailable"/>
/// (HTTP 503, retried by a worker).
/// </summary>
public sealed class JobUpdateConflictException : HydraException
{
    public const string ErrorCode = "job-update-conflict";

    public JobUpdateConflictException()
        : this("The job changed under every update attempt; the update was not applied.")
    {
    }

    public JobUpdateConflictException(string message) : base(ErrorCode, ErrorKind.Unavailable, message)
    {
    }

    public JobUpdateConflictException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.Unavailable, message, innerException)
    {
    }

    public JobUpdateConflictException(string jobId, int attempts, Exception? innerException)
        : base(ErrorCode, ErrorKind.Unavailable,
            $"Job '{jobId}' changed under every one of {attempts} update attempts; the update was not applied.",
            innerException)
    {
        JobId = jobId;
        Attempts = attempts;
    }

    public string? JobId { get; }

    public int Attempts { get; }
}
