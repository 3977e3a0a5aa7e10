using Hydra.Core.Errors;

namespace Hydra.Training.Pipeline;

/// <summary>Hyper-parameters of one ensemble → KD → Hydra run (defaults: hydra-method.md §4).</summary>
public sealed record TrainingOptions
{
    public int Members { get; init; } = 5;

    /// <summary>Seed of member 0; member m uses <c>FirstSeed + m</c> for initialisation and data order.</summary>
    public int FirstSeed { get; init; }

    public int MemberEpochs { get; init; } = 10;

    public int KdEpochs { get; init; } = 10;

    public int HydraPhase1Epochs { get; init; } = 5;

    public int HydraPhase2Epochs { get; init; } = 10;

    /// <summary>Hydra+'s phase-2 epochs when they differ from Hydra's (null: <see cref="HydraPhase2Epochs"/>).
    /// </summary>
    public int? HydraPlusPhase2Epochs { get; init; }

    /// <summary>The phase-2 epochs Hydra+ trains.</summary>
    public int PlusPhase2Epochs => HydraPlusPhase2Epochs ?? HydraPhase2Epochs;

    /// <summary>
    /// Also distil Hydra+ (hydra_plus in reports): phase 2 adds off-manifold inputs labelled by the members.
    /// </summary>
    public bool HydraPlus { get; init; } = true;

    /// <summary>
    /// Hydra+ starts from the run's trained Hydra (body and M heads) and trains only its phase 2 from there, instead of
    /// repeating phase 1 and starting phase 2 from M copies of the Hinton head.
    /// </summary>
    public bool HydraPlusFromHydra { get; init; }

    /// <summary>How Hydra+ makes its off-manifold inputs from a training batch.</summary>
    public OffManifoldOptions OffManifold { get; init; } = new();

    public double LearningRate { get; init; } = 1e-3;

    public int BatchSize { get; init; } = 128;

    public double Temperature { get; init; } = 2.0;

    /// <summary>"auto" (CUDA when available), "cpu" or "cuda".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Intra-op threads for libtorch on CPU; 0 leaves libtorch's default.</summary>
    public int Threads { get; init; }

    public IReadOnlyList<int> MemberSeeds => [.. Enumerable.Range(FirstSeed, Members)];

    /// <exception cref="InvalidRequestException">An option is out of its range; the message names it.</exception>
    public void Validate()
    {
        Require.AtLeast(Members, 1, nameof(Members));
        Require.AtLeast(MemberEpochs, 0, nameof(MemberEpochs));
        Require.AtLeast(KdEpochs, 0, nameof(KdEpochs));
        Require.AtLeast(HydraPhase1Epochs, 0, nameof(HydraPhase1Epochs));
        Require.AtLeast(HydraPhase2Epochs, 0, nameof(HydraPhase2Epochs));
        Require.AtLeast(PlusPhase2Epochs, 0, nameof(HydraPlusPhase2Epochs));
        Require.Positive(LearningRate, nameof(LearningRate));
        Require.AtLeast(BatchSize, 1, nameof(BatchSize));
        Require.Positive(Temperature, nameof(Temperature));
        Require.AtLeast(Threads, 0, nameof(Threads));
        ArgumentNullException.ThrowIfNull(OffManifold);
        OffManifold.Validate();
        if (Device is not ("auto" or "cpu" or "cuda"))
        {
            throw new InvalidRequestException($"Device '{Device}' is not one of auto, cpu, cuda.");
        }
    }
}
