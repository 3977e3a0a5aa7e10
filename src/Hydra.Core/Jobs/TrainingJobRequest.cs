using Hydra.Core.Architecture;

namespace Hydra.Core.Jobs;

/// <summary>
/// What a client asks for (HTTP body or a message on "training-requests"). Unset numbers take the protocol's
/// defaults for the dataset and architecture when the trainer runs. Validate with <see cref="JobRequestValidator"/>.
/// </summary>
public sealed record TrainingJobRequest
{
    /// <summary>Client-chosen id (idempotency key); when absent the id is derived from the request's content.</summary>
    public string? JobId { get; init; }

    public string Dataset { get; init; } = "";

    /// <summary>
    /// A distill-only job: "teachers/{name}", a folder of teachers trained anywhere (ONNX files, or safetensors
    /// checkpoints with architecture.json) that stand in for the members; no member is trained, <see cref="Members"/>
    /// is ignored (the job has one member per teacher), and unset epochs and temperature take the defaults measured
    /// for such teachers.
    /// </summary>
    public string? Teachers { get; init; }

    /// <summary>
    /// A preset name (<see cref="ArchitecturePresets.Names"/>); ignored when <see cref="ArchitectureSpec"/> is given.
    /// </summary>
    public string? Architecture { get; init; }

    public ArchitectureSpec? ArchitectureSpec { get; init; }

    /// <summary>
    /// The students' (KD, Hydra, Hydra+) preset when it is not the members' (for example wider heads); ignored when
    /// <see cref="StudentArchitectureSpec"/> is given. Not for a distill-only job, whose architecture is its
    /// students' already.
    /// </summary>
    public string? StudentArchitecture { get; init; }

    /// <summary>The students' architecture as a spec; see <see cref="StudentArchitecture"/>.</summary>
    public ArchitectureSpec? StudentArchitectureSpec { get; init; }

    /// <summary>
    /// The width of the students' hidden head layers (<see cref="Architecture.ArchitectureSpec.WithHeadWidth"/>),
    /// applied to the students' architecture: the members' unless one of the above is given; a distill-only job's
    /// <see cref="Architecture"/>.
    /// </summary>
    public int? StudentHeadWidth { get; init; }

    public int Members { get; init; } = 5;

    public int? MemberEpochs { get; init; }

    public int? KdEpochs { get; init; }

    public int? HydraPhase1Epochs { get; init; }

    public int? HydraPhase2Epochs { get; init; }

    public bool HydraPlus { get; init; } = true;

    /// <summary>
    /// Hydra+'s recipe (<see cref="HydraPlusRecipeNames"/>): "per-batch" (the default when unset) or "pooled", the
    /// cheaper recipe chosen on validation data (docs/results/hydra-plus-selection).
    /// </summary>
    public string? HydraPlusRecipe { get; init; }

    public int Seed { get; init; }

    public int DataSeed { get; init; }

    public int? TrainLimit { get; init; }

    public int? TestLimit { get; init; }

    public double? LearningRate { get; init; }

    public int? BatchSize { get; init; }

    public double? Temperature { get; init; }
}
