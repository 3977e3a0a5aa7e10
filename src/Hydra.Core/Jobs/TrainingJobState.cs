namespace Hydra.Core.Jobs;

/// <summary>
/// Where a job is: queued → training (members) → distilling → converting (ONNX) → ready, or failed; a distill-only
/// job (teachers trained elsewhere) skips training.
/// </summary>
public enum TrainingJobState
{
    Queued,
    Training,
    Distilling,
    Converting,
    Ready,
    Failed,
}
