using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// Makes Hydra+'s off-manifold inputs from a batch of normalised training rows (see <see cref="OffManifoldOptions"/>):
/// <see cref="OffManifoldOptions.Copies"/> synthetic rows per training row, in blocks (copy 0 of every row, then copy
/// 1, …), each from one of <see cref="OffManifoldOptions.Families"/> (partners for blends and pastes come from the
/// same batch).
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
        if (options.Families == SyntheticFamilies.Noisy)
        {
            // The recipe of every earlier run, drawing the same random numbers in the same order.
            result = Noisy(result, batch.shape[0] > 1, options);
        }
        else
        {
            var families = SyntheticFamilyNames.Members(options.Families);
            var choice = Choose(families.Count, result.shape[0], options.NoisyShare, batch.device);
            var rows = result;
            result = Pick(choice, [.. families.Select(f => Family(f, rows, batch.shape[0] > 1, options))]);
        }

        return (ReferenceEquals(result, batch) ? batch.clone() : result.detach()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Each row's family index [rows]: uniform over <paramref name="count"/>, or, with <paramref name="noisyShare"/>,
    /// index 0 (the noisy family, first in the fixed order) with that probability and the others uniformly.
    /// </summary>
    private static Tensor Choose(int count, long rows, double? noisyShare, Device device)
    {
        if (noisyShare is not { } share)
        {
            return randint(count, [rows], dtype: ScalarType.Int64, device: device);
        }

        var other = randint(1, count, [rows], dtype: ScalarType.Int64, device: device);
        return where(rand(rows, device: device).lt(share), zeros_like(other), other);
    }

    private static Tensor Family(SyntheticFamilies family, Tensor rows, bool partners, OffManifoldOptions options) =>
        family switch
        {
            SyntheticFamilies.Noisy => Noisy(rows, partners, options),
            SyntheticFamilies.Blend => Blend(rows),
            SyntheticFamilies.CutMix => CutMix(rows),
            SyntheticFamilies.Scale => Scale(rows),
            SyntheticFamilies.Turn => Turn(rows),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Not one synthetic family."),
        };

    /// <summary>Mixup (λ ~ U(0, 1)), a fraction shuffled, then Gaussian noise: <see cref="SyntheticFamilies.Noisy"/>.
    /// </summary>
    private static Tensor Noisy(Tensor rows, bool partners, OffManifoldOptions options)
    {
        var result = rows;
        var perRow = PerRow(rows);
        var count = rows.shape[0];
        if (options.Mixup && partners)
        {
            var lambda = rand(perRow, device: rows.device);
            var partner = result.index_select(0, randperm(count, device: rows.device));
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
                ? result + (exp(empty(perRow, device: rows.device).uniform_(Math.Log(options.LowestNoiseStd),
                Math.Log(options.NoiseStd))) * randn_like(result))
                : result + (options.NoiseStd * randn_like(result));
        }

        return result;
    }

    /// <summary>λx + (1 − λ)x′, λ ~ U(0.25, 0.75), x′ another row: <see cref="SyntheticFamilies.Blend"/>.</summary>
    private static Tensor Blend(Tensor rows)
    {
        var lambda = 0.25 + (0.5 * rand(PerRow(rows), device: rows.device));
        var partner = rows.index_select(0, randperm(rows.shape[0], device: rows.device));
        return (lambda * rows) + ((1 - lambda) * partner);
    }

    /// <summary>
    /// Another row's rectangle (30–70 % of each side, at a random place) pasted into images of rank 3 or more; on flat
    /// rows each feature comes from the other row with probability ½: <see cref="SyntheticFamilies.CutMix"/>.
    /// </summary>
    private static Tensor CutMix(Tensor rows)
    {
        var count = rows.shape[0];
        var partner = rows.index_select(0, randperm(count, device: rows.device));
        if (rows.dim() < 3)
        {
            return where(rand(rows.shape, device: rows.device).lt(0.5), partner, rows);
        }

        var (height, width) = (rows.shape[^2], rows.shape[^1]);
        var down = Span(count, height, rows.device);
        var across = Span(count, width, rows.device);
        var inside = (down.unsqueeze(2) & across.unsqueeze(1)).reshape(
            [count, .. Enumerable.Repeat(1L, (int)rows.dim() - 3), height, width]);
        return where(inside, partner, rows);
    }

    /// <summary>For each of <paramref name="count"/> rows, which of <paramref name="size"/> positions lie in a run of
    /// 30–70 % of them at a random start: [count, size] booleans.</summary>
    private static Tensor Span(long count, long size, Device device)
    {
        var length = (0.3 + (0.4 * rand(count, device: device))) * size;
        length = length.floor().clamp_min(1);
        var start = (rand(count, device: device) * (size - length + 1)).floor();
        var positions = arange(size, dtype: ScalarType.Float32, device: device).unsqueeze(0);
        return positions.ge(start.unsqueeze(1)) & positions.lt((start + length).unsqueeze(1));
    }

    /// <summary>The row times a factor log-uniform in [1/3, 3]: <see cref="SyntheticFamilies.Scale"/>.</summary>
    private static Tensor Scale(Tensor rows) =>
        rows * exp(empty(PerRow(rows), device: rows.device).uniform_(-Math.Log(3), Math.Log(3)));

    /// <summary>
    /// Square images turned a quarter or three quarters, flipped upside down or transposed, one of the four at random
    /// per row; other images upside down or turned a half; flat rows reversed: <see cref="SyntheticFamilies.Turn"/>.
    /// </summary>
    private static Tensor Turn(Tensor rows)
    {
        if (rows.dim() < 3)
        {
            return rows.flip(1);
        }

        var (height, width) = (rows.dim() - 2, rows.dim() - 1);
        Tensor[] turns = rows.shape[^2] == rows.shape[^1]
            ? [rows.rot90(1, (height, width)), rows.rot90(3, (height, width)), rows.flip(height),
                rows.transpose(height, width)]
            : [rows.flip(height), rows.flip(height, width)];
        return Pick(randint(turns.Length, [rows.shape[0]], dtype: ScalarType.Int64, device: rows.device), turns);
    }

    /// <summary>Row r of <c>candidates[choice[r]]</c> for each row: <paramref name="choice"/> [rows] indexes the
    /// candidates, all of one shape.</summary>
    private static Tensor Pick(Tensor choice, Tensor[] candidates)
    {
        var perRow = choice.reshape(PerRow(candidates[0]));
        var result = candidates[0];
        for (var k = 1; k < candidates.Length; k++)
        {
            result = where(perRow.eq(k), candidates[k], result);
        }

        return result;
    }

    private static long[] PerRow(Tensor rows) => [rows.shape[0], .. Enumerable.Repeat(1L, (int)rows.dim() - 1)];

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
