namespace Hydra.Training.Jobs;

/// <summary>How the worker settled one message.</summary>
public enum WorkOutcome
{
    /// <summary>The unit ran (or was found done in storage) and the message was completed.</summary>
    Completed,

    /// <summary>The job had already finished or failed; the message was completed without work.</summary>
    Skipped,

    /// <summary>The message can never succeed; it went to the dead-letter / poison queue with its reason.</summary>
    DeadLettered,

    /// <summary>Shutdown or a transient failure: the message was released for another try.</summary>
    Abandoned,
}
