using Hydra.Core.Errors;

namespace Hydra.Training.Pipeline;

/// <summary>
/// A phase's loss stopped being a finite number. Training is deterministic, so a retry would diverge again: the run
/// (or the worker's unit) stops with the phase and the point where it happened, and nothing is checkpointed. The
/// request was well-formed, so it is <see cref="ErrorKind.Permanent"/>, not the caller's input error.
/// </summary>
public sealed class TrainingDivergedException : HydraException
{
    public const string ErrorCode = "training-diverged";

    public TrainingDivergedException()
        : this("Training diverged: the loss is no longer a finite number.")
    {
    }

    public TrainingDivergedException(string message) : base(ErrorCode, ErrorKind.Permanent, message)
    {
    }

    public TrainingDivergedException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.Permanent, message, innerException)
    {
    }
}
