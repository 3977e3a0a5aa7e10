using Hydra.Training.Losses;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Hydra+'s phase-2 loss on one batch: the heads distil the members on the real rows and, with a weight, on
/// off-manifold rows: drawn, already labelled, from a pool (<see cref="Pooled"/>), or made from the batch and labelled
/// on the fly by the ensemble (members or teachers, <see cref="EnsembleSource.On"/>; <see cref="Batch"/>).
/// </summary>
internal static class HydraPlusLoss
{
    public static Tensor Batch(TaskObjective objective, OffManifoldOptions offManifold, MultiHeadNetwork hydra,
        EnsembleSource ensemble, Tensor batch, Tensor batchTeacher)
    {
        using var scope = NewDisposeScope();
        var synthetic = OffManifoldInputs.Make(batch, offManifold);
        if (offManifold.AdversarialStep > 0)
        {
            synthetic = OffManifoldInputs.TowardsDisagreement(synthetic, offManifold.AdversarialStep,
                x => objective.Heads(hydra.ForwardWithFrozenStatistics(x), ensemble.On(x)));
        }

        var syntheticTeacher = ensemble.On(synthetic);

        var real = objective.Heads(hydra.forward(batch), batchTeacher);
        // Batch norm keeps to the real rows' statistics; without batch norm this is hydra.forward.
        var offManifoldLoss = OffManifold(objective, offManifold, hydra.ForwardWithFrozenStatistics(synthetic),
            syntheticTeacher, weights: null);
        return (real + (offManifold.Weight * offManifoldLoss)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The real rows' loss plus, with <see cref="OffManifoldOptions.Weight"/>, the loss of
    /// <see cref="OffManifoldOptions.PoolShare"/> pooled rows per real row and, given <paramref name="featureMix"/>, of
    /// <see cref="OffManifoldOptions.FeatureMixShare"/> rows mixed in feature space per real row.
    /// </summary>
    public static Tensor Pooled(TaskObjective objective, OffManifoldOptions offManifold, MultiHeadNetwork hydra,
        OffManifoldPool pool, bool batchNorm, Tensor batch, Tensor batchTeacher, FeatureMixPool? featureMix = null)
    {
        using var scope = NewDisposeScope();
        var count = (long)Math.Round(offManifold.PoolShare * batch.shape[0]);
        Tensor loss;
        if (count == 0)
        {
            loss = objective.Heads(hydra.forward(batch), batchTeacher);
        }
        else
        {
            var (synthetic, syntheticTeacher, weights) = pool.Draw(count);
            var (realOutputs, syntheticOutputs) = batchNorm
                ? (hydra.forward(batch), hydra.ForwardWithFrozenStatistics(synthetic, offManifold.PoolDetachBody))
                : OneHeadPass(hydra, batch, synthetic, offManifold.PoolDetachBody);
            var real = objective.Heads(realOutputs, batchTeacher);
            var offManifoldLoss = OffManifold(objective, offManifold, syntheticOutputs, syntheticTeacher, weights);
            loss = real + (offManifold.Weight * offManifoldLoss);
        }

        var mixedCount = featureMix is null ? 0 : (long)Math.Round(offManifold.FeatureMixShare * batch.shape[0]);
        if (mixedCount > 0)
        {
            var (first, second, lambda, mixedTeacher) = featureMix!.Draw(mixedCount);
            var mixedOutputs = hydra.MixedFeatureOutputs(first, second, lambda);
            loss += offManifold.Weight * OffManifold(objective, offManifold, mixedOutputs, mixedTeacher, null);
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The synthetic rows' loss: the heads' distillation loss (at <see cref="OffManifoldOptions.Temperature"/> when
    /// it is set; each row weighted when <paramref name="weights"/> is given), plus
    /// <see cref="OffManifoldOptions.EpistemicWeight"/> times <see cref="EpistemicMatch"/> when set.
    /// </summary>
    private static Tensor OffManifold(TaskObjective objective, OffManifoldOptions offManifold, Tensor outputs,
        Tensor teacher, Tensor? weights)
    {
        if (offManifold.Temperature is { } temperature)
        {
            objective = TaskObjective.For(objective.Task, temperature);
        }

        var loss = weights is null
            ? objective.Heads(outputs, teacher)
            : (objective.HeadsPerRow(outputs, teacher) * weights).mean();
        return offManifold.EpistemicWeight > 0
            ? loss + (offManifold.EpistemicWeight * EpistemicMatch(objective, outputs, teacher))
            : loss;
    }

    /// <summary>
    /// How far the heads' disagreement on each row is from the members': mean over rows of (D(heads) − D(members))²,
    /// over the squared mean of D(members) in the batch (so the weight does not depend on the task's units), where D is
    /// the task's epistemic uncertainty (<see cref="TaskObjective.Disagreement"/>). The members' side carries no
    /// gradient.
    /// </summary>
    /// <param name="heads">[B, M, ...] the heads' outputs.</param>
    /// <param name="members">[B, M, ...] the members' outputs on the same rows.</param>
    public static Tensor EpistemicMatch(TaskObjective objective, Tensor heads, Tensor members)
    {
        ArgumentNullException.ThrowIfNull(objective);
        using var scope = NewDisposeScope();
        var target = objective.Disagreement(members.detach());
        var scale = target.mean().square().clamp_min(1e-12);
        return ((objective.Disagreement(heads) - target).square().mean() / scale).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Without batch norm a row's outputs do not depend on its batch, so real and synthetic rows go through the heads
    /// (and, unless the body is detached for the synthetic rows, the body) together: the same arithmetic in bigger
    /// matrix products.
    /// </summary>
    private static (Tensor Real, Tensor Synthetic) OneHeadPass(MultiHeadNetwork hydra, Tensor batch, Tensor synthetic,
        bool detachBody)
    {
        var features = detachBody
            ? cat([hydra.Features(batch), hydra.DetachedFeatures(synthetic)], 0)
            : hydra.Features(cat([batch, synthetic], 0));
        var outputs = hydra.HeadOutputs(features);
        return (outputs.narrow(0, 0, batch.shape[0]), outputs.narrow(0, batch.shape[0], synthetic.shape[0]));
    }
}
