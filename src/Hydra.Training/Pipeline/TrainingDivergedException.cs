namespace Hydra.Training.Pipeline;

/// <summary>
/// A phase's loss stopped being a finite number. Training is deterministic, so a retry would diverge again: the run
/// (or the worker's unit) stops with the phase and the point where it happened, and nothing is checkpointed.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message) : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
