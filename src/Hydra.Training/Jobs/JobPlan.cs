using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Jobs;

/// <summary>
/// What a job spec resolves to on the trainer: the loaded data, the architecture and the hyper-parameters.
/// </summary>
public sealed record JobPlan(DatasetBundle Bundle, ArchitectureSpec Architecture, TrainingOptions Options);
