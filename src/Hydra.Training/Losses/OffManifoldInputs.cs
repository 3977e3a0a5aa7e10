using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// Makes Hydra+'s off-manifold inputs from a batch of normalised training rows (see <see cref="OffManifoldOptions"/>).
/// Randomness comes from libtorch's seeded generator, so a run is reproducible.
/// </summary>
internal static class OffManifoldInputs
{
    public static Tensor Make(Tensor batch, OffManifoldOptions options)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        using var scope = NewDisposeScope();
        var rows = batch.shape[0];
        var result = batch;
        if (options.Mixup && rows > 1)
        {
            long[] weightShape = [rows, .. Enumerable.Repeat(1L, (int)batch.dim() - 1)];
            var lambda = rand(weightShape, device: batch.device);
            var partner = batch.index_select(0, randperm(rows, device: batch.device));
            result = (lambda * batch) + ((1 - lambda) * partner);
        }

        if (options.NoiseStd > 0)
        {
            result = result + (options.NoiseStd * randn_like(result));
        }

        return (ReferenceEquals(result, batch) ? batch.clone() : result.detach()).MoveToOuterDisposeScope();
    }
}
