namespace Hydra.Core.Jobs;

/// <summary>A training request that can never run; <see cref="Errors"/> maps field names to messages.</summary>
public sealed class JobValidationException : Exception
{
    public JobValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("Invalid training job: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors;
    }

    public JobValidationException() : this(new Dictionary<string, string[]>())
    {
    }

    public JobValidationException(string message) : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public JobValidationException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
