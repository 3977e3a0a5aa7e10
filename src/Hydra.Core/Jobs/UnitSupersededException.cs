using Hydra.Core.Errors;

namespace Hydra.Core.Jobs;

/// <summary>
/// A worker's attempt no longer holds its unit: a newer delivery of the same unit took it over (a duplicate, or the
/// message came back while storage was away), so this attempt must write nothing more. The worker drops its message
/// without touching the job; the holder carries the unit on.
/// </summary>
public sealed class UnitSupersededException : HydraException
{
    public const string ErrorCode = "unit-superseded";

    public UnitSupersededException()
        : this("Another delivery of this unit took it over.")
    {
    }

    public UnitSupersededException(string message) : base(ErrorCode, ErrorKind.Conflict, message)
    {
    }

    public UnitSupersededException(string message, Exception innerException)
        : base(ErrorCode, ErrorKind.Conflict, message, innerException)
    {
    }
}
