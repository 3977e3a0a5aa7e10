using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Teachers;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// The M models the students distil and the report's ensemble stands for: the product's own members
/// (<see cref="NetworkEnsemble"/>) or teachers trained elsewhere (<see cref="TeacherSource"/>). Both give outputs in
/// the members' contract: logits, or (μ, raw variance) on the scaled target axis (see Losses.GaussianOutputs).
/// </summary>
internal abstract class EnsembleSource : IDisposable
{
    public abstract int Count { get; }

    /// <summary>The teachers, when the ensemble is not the product's own members.</summary>
    public virtual TeacherEnsemble? Teachers => null;

    /// <summary>The members' architecture, when they are the product's own (null for teachers).</summary>
    public virtual ArchitectureSpec? MemberSpec => null;

    /// <summary>
    /// Each member's outputs [N, 1, K] on the CPU for the raw rows of <paramref name="rows"/>, given the same rows
    /// normalised as the bundle says (<paramref name="normalised"/>, on any device).
    /// </summary>
    public abstract IReadOnlyList<Tensor> Outputs(Dataset rows, Tensor normalised,
        CancellationToken cancellationToken);

    /// <summary>Every member's outputs [B, M, K] on normalised rows, on their device and without gradient.</summary>
    public abstract Tensor On(Tensor normalised);

    /// <summary>
    /// The tensor the students distil on the training rows, [N, M, K] on the training device: computed once, since
    /// nothing is augmented.
    /// </summary>
    public Tensor Teacher(TrainingData train, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        var outputs = Outputs(train.Source, train.Inputs, cancellationToken);
        var teacher = cat([.. outputs], 1).to(train.Inputs.device);
        foreach (var part in outputs)
        {
            part.Dispose();
        }

        return teacher;
    }

    public abstract void Dispose();
}
