using Hydra.Core.Errors;

namespace Hydra.Core.Checkpoints;

/// <summary>
/// A checkpoint that cannot be used: missing, corrupt, or not matching its card. It is the input's fault (a retry reads
/// the same bytes), so a worker dead-letters the unit instead of retrying it.
/// </summary>
public sealed class CheckpointException : HydraException
{
    public const string ErrorCode = "invalid-checkpoint";

    public CheckpointException()
        : this("The checkpoint cannot be used.") { }

    public CheckpointException(string message)
        : base(ErrorCode, ErrorKind.InvalidInput, message) { }

    public CheckpointException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.InvalidInput, message, innerException) { }
}
