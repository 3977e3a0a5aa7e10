namespace Hydra.Core.Jobs;

/// <summary>A message that can never be processed: it goes to the dead-letter/poison queue with this message as reason.</summary>
public sealed class InvalidWorkItemException : Exception
{
    public InvalidWorkItemException()
    {
    }

    public InvalidWorkItemException(string message) : base(message)
    {
    }

    public InvalidWorkItemException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
