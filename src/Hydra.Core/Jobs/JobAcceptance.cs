namespace Hydra.Core.Jobs;

/// <summary>The outcome of accepting a request: the job's spec and status, and whether this call created it.</summary>
public sealed record JobAcceptance(TrainingJobSpec Spec, TrainingJobStatus Status, bool Created);
