using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// Makes Hydra+'s off-manifold inputs from a batch of normalised training rows (see <see cref="OffManifoldOptions"/>):
/// <see cref="OffManifoldOptions.Copies"/> synthetic rows per training row, in blocks (copy 0 of every row, then copy
/// 1, …).
/// Randomness comes from libtorch's seeded generator, so a run is reproducible.
/// </summary>
internal static class OffManifoldInputs
{
    public static Tensor Make(Tensor batch, OffManifoldOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        using var scope = NewDisposeScope();
        var result = options.Copies == 1 ? batch : cat(Enumerable.Repeat(batch, options.Copies).ToArray(), 0);
        var rows = result.shape[0];
        long[] perRow = [rows, .. Enumerable.Repeat(1L, (int)batch.dim() - 1)];
        if (options.Mixup && batch.shape[0] > 1)
        {
            var lambda = rand(perRow, device: batch.device);
            var partner = result.index_select(0, randperm(rows, device: batch.device));
            result = (lambda * result) + ((1 - lambda) * partner);
        }

        if (options.ShuffleFraction > 0)
        {
            result = Shuffle(result, options.ShuffleFraction);
        }

        if (options.NoiseStd > 0)
        {
            // A fixed spread is a scalar; a per-row spread is drawn before the noise, as the committed runs drew it.
            result = options.LowestNoiseStd < options.NoiseStd
                ? result + (exp(empty(perRow, device: batch.device).uniform_(Math.Log(options.LowestNoiseStd),
                Math.Log(options.NoiseStd))) * randn_like(result))
                : result + (options.NoiseStd * randn_like(result));
        }

        return (ReferenceEquals(result, batch) ? batch.clone() : result.detach()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One signed-gradient step of size <paramref name="step"/> from <paramref name="inputs"/> that increases
    /// <paramref name="disagreement"/> (the heads' distillation loss against their members at those inputs). Only the
    /// inputs' gradient is taken: no parameter's gradient is touched.
    /// </summary>
    public static Tensor TowardsDisagreement(Tensor inputs, double step, Func<Tensor, Tensor> disagreement)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(disagreement);
        using var scope = NewDisposeScope();
        using var gradients = enable_grad();
        var x = inputs.detach().requires_grad_(true);
        var loss = disagreement(x);
        var gradient = autograd.grad([loss], [x])[0];
        return (x.detach() + (step * gradient.sign())).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Permutes the features of each chosen row (probability <paramref name="fraction"/>) with its own random
    /// permutation.
    /// </summary>
    private static Tensor Shuffle(Tensor rows, double fraction)
    {
        var flat = rows.flatten(1);
        var permutation = rand(flat.shape, device: rows.device).argsort(1);
        var shuffled = flat.gather(1, permutation);
        var chosen = rand(flat.shape[0], 1, device: rows.device).lt(fraction);
        return where(chosen, shuffled, flat).reshape(rows.shape);
    }
}
