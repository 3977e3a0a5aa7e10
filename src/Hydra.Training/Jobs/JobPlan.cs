using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Jobs;

/// <summary>
/// What a job spec resolves to on the trainer: the loaded data, the architecture and the hyper-parameters.
/// </summary>
/// <param name="Architecture">The members' architecture, and the students' unless
/// <paramref name="StudentArchitecture"/> is given; a distill-only job's students'.</param>
/// <param name="StudentArchitecture">KD's, Hydra's and Hydra+'s when not the members'.</param>
public sealed record JobPlan(DatasetBundle Bundle, ArchitectureSpec Architecture, TrainingOptions Options,
    ArchitectureSpec? StudentArchitecture = null)
{
    /// <summary>The architecture KD, Hydra and Hydra+ train with.</summary>
    public ArchitectureSpec Students => StudentArchitecture ?? Architecture;
}
