namespace Hydra.Chaos.Plan;

/// <summary>How a client hands a job in: the HTTP route, or its own message on "training-requests".</summary>
internal enum SubmitRoute
{
    Http,
    Queue,
}

/// <summary>What a job must end as.</summary>
internal enum Expectation
{
    /// <summary>An ordinary job: ready, with its models.</summary>
    Ready,

    /// <summary>
    /// Passes validation but can never train (the worker refuses it): failed, its units dead-lettered.
    /// </summary>
    RefusedByWorker,

    /// <summary>Refused at dispatch (sent on the queue): parked on the request poison queue, the job failed.</summary>
    Rejected,

    /// <summary>Reuses another job's id with other content: parked; the job it names is untouched.</summary>
    Conflict,
}

/// <summary>
/// One job as the client meant it: its body, how it is sent and how many times (a duplicate is the same request sent
/// twice), and what it must end as.
/// </summary>
internal sealed record PlannedJob(string Key, string JobId, string Body, SubmitRoute Route, int Copies,
    Expectation Expect, int Members, bool HydraPlus)
{
    /// <summary>The models a ready job serves: its id (Hydra) and, with Hydra+, "{id}-plus".</summary>
    public IReadOnlyList<string> ModelIds => HydraPlus ? [JobId, $"{JobId}-plus"] : [JobId];
}
