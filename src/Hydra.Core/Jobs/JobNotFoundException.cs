namespace Hydra.Core.Jobs;

public sealed class JobNotFoundException : Exception
{
    public JobNotFoundException()
    {
    }

    public JobNotFoundException(string jobId) : base($"No training job '{jobId}'.")
    {
        JobId = jobId;
    }

    public JobNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public string? JobId { get; }
}
