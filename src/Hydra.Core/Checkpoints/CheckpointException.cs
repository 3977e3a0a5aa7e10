namespace Hydra.Core.Checkpoints;

/// <summary>A checkpoint that cannot be used: missing, corrupt, or not matching its card.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException() { }

    public CheckpointException(string message)
        : base(message) { }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException) { }
}
