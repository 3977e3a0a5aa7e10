using Hydra.Core.Errors;

namespace Hydra.Core.Jobs;

/// <summary>No training job by that id (HTTP 404 "unknown-job").</summary>
public sealed class JobNotFoundException : HydraException
{
    public const string ErrorCode = "unknown-job";

    public JobNotFoundException()
        : base(ErrorCode, ErrorKind.NotFound, "No such training job.")
    {
    }

    public JobNotFoundException(string jobId) : base(ErrorCode, ErrorKind.NotFound, $"No training job '{jobId}'.")
    {
        JobId = jobId;
    }

    public JobNotFoundException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.NotFound, message, innerException)
    {
    }

    public string? JobId { get; }
}
