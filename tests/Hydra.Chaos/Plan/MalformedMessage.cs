namespace Hydra.Chaos.Plan;

/// <summary>A message no one can read, dropped on a queue: it must end on that queue's poison twin, with a reason.
/// </summary>
/// <param name="Queue">"training-requests" or "training-jobs".</param>
/// <param name="Text">The message as put on the queue.</param>
/// <param name="Body">The body the product reads (the text, Base64-decoded when it was Base64).</param>
/// <param name="JobId">A readable job id in it (a request that names one gets a failed job record).</param>
internal sealed record MalformedMessage(string Queue, string Text, string Body, string? JobId = null);
