namespace Hydra.Azure.Jobs;

/// <summary>An update lost every read-change-write round to other writers (ETag mismatch each time) and gave up.</summary>
public sealed class JobUpdateConflictException : Exception
{
    public JobUpdateConflictException()
    {
    }

    public JobUpdateConflictException(string message) : base(message)
    {
    }

    public JobUpdateConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public JobUpdateConflictException(string jobId, int attempts, Exception? innerException)
        : base($"Job '{jobId}' changed under every one of {attempts} update attempts; the update was not applied.", innerException)
    {
        JobId = jobId;
        Attempts = attempts;
    }

    public string? JobId { get; }

    public int Attempts { get; }
}
