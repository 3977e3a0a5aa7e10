namespace Hydra.Core.Jobs;

/// <summary>A request reuses the id of an existing job with different content (HTTP 409; a queued one is poisoned).</summary>
public sealed class JobConflictException : Exception
{
    public JobConflictException()
    {
    }

    public JobConflictException(string message) : base(message)
    {
    }

    public JobConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
