using Hydra.Core.Errors;

namespace Hydra.Core.Jobs;

/// <summary>
/// A job lifecycle transition asked of a state it may not leave that way (finishing a distillation that never started,
/// starting one before every member is done). A bug or a forged message, never the weather: it is a conflict.
/// </summary>
public sealed class JobTransitionException : HydraException
{
    public JobTransitionException(string jobId, string transition, string state)
        : base("illegal-job-transition", ErrorKind.Conflict, $"Job '{jobId}' cannot {transition} while {state}.")
    {
        JobId = jobId;
        Transition = transition;
    }

    public string JobId { get; } = "";

    public string Transition { get; } = "";
}
