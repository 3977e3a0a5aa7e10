namespace Hydra.Core.Jobs;

/// <summary>
/// An accepted job: its id, the request it came from, and when it was accepted. Stored at jobs/{id}/spec.json.
/// </summary>
public sealed record TrainingJobSpec(string JobId, TrainingJobRequest Request, DateTimeOffset AcceptedAt);
