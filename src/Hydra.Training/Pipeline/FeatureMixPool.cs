using Hydra.Core.Errors;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Hydra+'s rows mixed in feature space, labelled once (<see cref="OffManifoldOptions.FeatureMixShare"/>): pairs of
/// training rows (i, j) drawn at random with a weight λ ~ U(−s, 1 + s), s =
/// <see cref="OffManifoldOptions.FeatureMixSpread"/>, and member m's outputs on λ·f_m(x_i) + (1 − λ)·f_m(x_j) (its
/// own body f_m, its own head), computed once per refresh in chunks and without gradient. The student mixes its own
/// body's features of the same pair with the same λ (<see cref="MultiHeadNetwork.MixedFeatureOutputs"/>), so head m
/// learns to follow member m between and beyond the feature vectors the training rows give. Made again on the pixel
/// pool's schedule (<see cref="OffManifoldOptions.PoolRefreshEpochs"/>); randomness from libtorch's seeded generator.
/// </summary>
internal sealed class FeatureMixPool : IDisposable
{
    private readonly Tensor _training;
    private readonly OffManifoldOptions _options;
    private readonly IReadOnlyList<MultiHeadNetwork> _members;

    public FeatureMixPool(Tensor training, OffManifoldOptions options, IReadOnlyList<MultiHeadNetwork> members)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PoolSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(members.Count, 1, nameof(members));
        (_training, _options, _members) = (training, options, members);
    }

    /// <summary>Why a run with feature mixing and teachers from files is refused.</summary>
    public const string NeedsMembers = "Hydra+'s feature mixing needs the product's own members (it mixes their "
        + "bodies' features); teachers from files give only their outputs.";

    /// <summary>The feature pool <paramref name="options"/> ask for (null when
    /// <see cref="OffManifoldOptions.FeatureMixShare"/> is 0), mixing the bodies of <paramref name="ensemble"/>.
    /// </summary>
    /// <exception cref="InvalidRequestException">Feature mixing with teachers from files.</exception>
    public static FeatureMixPool? For(Tensor training, OffManifoldOptions options, EnsembleSource ensemble)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ensemble);
        return options.FeatureMixShare <= 0 ? null
            : ensemble is NetworkEnsemble network ? new FeatureMixPool(training, options, network.Members)
            : throw new InvalidRequestException(NeedsMembers);
    }

    /// <summary>Before a phase-2 epoch: the pixel pool, then (when there is one) the feature pool, each on its
    /// schedule; in this order, so that runs without a feature pool draw what they drew before it existed.</summary>
    public static void RefreshBoth(int epoch, OffManifoldPool pixels, FeatureMixPool? features)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        pixels.BeforeEpoch(epoch);
        features?.BeforeEpoch(epoch);
    }

    /// <summary>The pairs' first rows' indices [P] (int64); null until the first refresh.</summary>
    public Tensor? First { get; private set; }

    /// <summary>The pairs' second rows' indices [P] (int64).</summary>
    public Tensor? Second { get; private set; }

    /// <summary>The pairs' weights λ [P] (float32).</summary>
    public Tensor? Lambda { get; private set; }

    /// <summary>Every member's outputs on its own mixed features, [P, M, K].</summary>
    public Tensor? Labels { get; private set; }

    /// <summary>Makes the pool again when <paramref name="epoch"/> (1-based) starts a refresh period.</summary>
    public void BeforeEpoch(int epoch)
    {
        if (_options.RefreshesPoolAt(epoch))
        {
            Refresh();
        }
    }

    /// <summary>Draws new pairs and weights and labels them with every member.</summary>
    public void Refresh()
    {
        var rows = _training.shape[0];
        var size = _options.PoolSize;
        var device = _training.device;
        using (var scope = NewDisposeScope())
        {
            using var noGradient = no_grad();
            var first = randint(rows, size, dtype: ScalarType.Int64, device: device);
            var second = randint(rows, size, dtype: ScalarType.Int64, device: device);
            var spread = _options.FeatureMixSpread;
            var lambda = (rand(size, device: device) * (1 + (2 * spread))) - spread;
            var labels = new List<Tensor>();
            for (long start = 0; start < size; start += OffManifoldPool.ChunkRows)
            {
                var count = Math.Min(OffManifoldPool.ChunkRows, size - start);
                labels.Add(Label(_training.index_select(0, first.narrow(0, start, count)),
                    _training.index_select(0, second.narrow(0, start, count)), lambda.narrow(0, start, count)));
            }

            Replace(first.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope(),
                lambda.MoveToOuterDisposeScope(), cat(labels, 0).MoveToOuterDisposeScope());
        }
    }

    /// <summary>
    /// <paramref name="count"/> pairs drawn at random (with replacement): their two training rows, λ and the members'
    /// outputs.
    /// </summary>
    public (Tensor First, Tensor Second, Tensor Lambda, Tensor Labels) Draw(long count)
    {
        if (First is null || Second is null || Lambda is null || Labels is null)
        {
            throw new InvalidOperationException("The pool is drawn from before it was made; call BeforeEpoch first.");
        }

        using var scope = NewDisposeScope();
        var picked = randint(First.shape[0], count, dtype: ScalarType.Int64, device: First.device);
        return (_training.index_select(0, First.index_select(0, picked)).MoveToOuterDisposeScope(),
            _training.index_select(0, Second.index_select(0, picked)).MoveToOuterDisposeScope(),
            Lambda.index_select(0, picked).MoveToOuterDisposeScope(),
            Labels.index_select(0, picked).MoveToOuterDisposeScope());
    }

    /// <summary>Each member's head on its own mixed features, [N, M, K].</summary>
    private Tensor Label(Tensor first, Tensor second, Tensor lambda)
    {
        var outputs = _members.Select(member =>
        {
            using var a = member.Features(first);
            using var b = member.Features(second);
            using var mixed = MultiHeadNetwork.MixFeatures(a, b, lambda);
            return member.HeadOutputs(mixed).select(1, 0);
        }).ToArray();
        return stack(outputs, dim: 1);
    }

    public void Dispose() => Replace(null, null, null, null);

    private void Replace(Tensor? first, Tensor? second, Tensor? lambda, Tensor? labels)
    {
        First?.Dispose();
        Second?.Dispose();
        Lambda?.Dispose();
        Labels?.Dispose();
        (First, Second, Lambda, Labels) = (first, second, lambda, labels);
    }
}
