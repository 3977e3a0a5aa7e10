using Hydra.Training.Losses;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Hydra+'s synthetic rows labelled once: <see cref="OffManifoldOptions.PoolSize"/> off-manifold rows made from
/// training rows drawn at random (the families of <see cref="OffManifoldOptions"/>, mixup partners from the same
/// chunk), with every member's outputs on them computed once, in chunks and without gradient, and kept beside them.
/// Phase 2 draws labelled rows from it (<see cref="Draw"/>) and makes it again every
/// <see cref="OffManifoldOptions.PoolRefreshEpochs"/> epochs (<see cref="BeforeEpoch"/>). Randomness comes from
/// libtorch's seeded generator, so a seeded pool is reproducible. Given a disagreement function (the members' outputs
/// [P, M, K] → [P]), it also keeps a weight per row (<see cref="DisagreementWeights"/>), made with the labels.
/// </summary>
internal sealed class OffManifoldPool : IDisposable
{
    /// <summary>Rows made and labelled at a time: big enough for the members' matmuls, small for memory.</summary>
    public const int ChunkRows = 1024;

    private readonly Tensor _training;
    private readonly OffManifoldOptions _options;
    private readonly EnsembleSource _ensemble;
    private readonly Func<Tensor, Tensor>? _disagreement;

    /// <param name="disagreement">Members' outputs [P, M, K] → disagreement [P], when
    /// <see cref="OffManifoldOptions.PoolWeighting"/> is <see cref="PoolWeighting.Disagreement"/>; else unused.</param>
    public OffManifoldPool(Tensor training, OffManifoldOptions options, EnsembleSource ensemble,
        Func<Tensor, Tensor>? disagreement = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PoolSize, 1, nameof(options));
        if (options.PoolWeighting == PoolWeighting.Disagreement && disagreement is null)
        {
            throw new ArgumentException("Disagreement weighting needs a disagreement function.", nameof(disagreement));
        }

        (_training, _options, _ensemble) = (training, options, ensemble);
        _disagreement = options.PoolWeighting == PoolWeighting.Disagreement ? disagreement : null;
    }

    /// <summary>The pool's synthetic rows [P, ...row shape], normalised; empty until the first refresh.</summary>
    public Tensor? Inputs { get; private set; }

    /// <summary>Every member's outputs on <see cref="Inputs"/>, [P, M, K], as the ensemble gives them.</summary>
    public Tensor? Labels { get; private set; }

    /// <summary>
    /// Each row's weight [P], mean 1 (<see cref="DisagreementWeights"/>); null when rows are not weighted.
    /// </summary>
    public Tensor? Weights { get; private set; }

    /// <summary>How many times the pool was made (1 after the first epoch's refresh).</summary>
    public int Refreshes { get; private set; }

    /// <summary>Makes the pool again when <paramref name="epoch"/> (1-based) starts a refresh period.</summary>
    public void BeforeEpoch(int epoch)
    {
        if (_options.RefreshesPoolAt(epoch))
        {
            Refresh();
        }
    }

    /// <summary>Makes and labels a new pool in place of the current one.</summary>
    public void Refresh()
    {
        var rows = _training.shape[0];
        var perChunk = _options with { Copies = 1 };
        var inputs = new List<Tensor>();
        var labels = new List<Tensor>();
        using (var scope = NewDisposeScope())
        {
            using var noGradient = no_grad();
            var picked = randint(rows, _options.PoolSize, dtype: ScalarType.Int64, device: _training.device);
            for (long start = 0; start < _options.PoolSize; start += ChunkRows)
            {
                var size = Math.Min(ChunkRows, _options.PoolSize - start);
                var chunk = OffManifoldInputs.Make(_training.index_select(0, picked.narrow(0, start, size)),
                    perChunk);
                inputs.Add(chunk);
                labels.Add(_ensemble.On(chunk).detach());
            }

            var allLabels = cat(labels, 0);
            var weights = _disagreement is null
                ? null
                : DisagreementWeights.From(_disagreement(allLabels), _options.PoolWeightPower)
                    .MoveToOuterDisposeScope();
            Replace(cat(inputs, 0).MoveToOuterDisposeScope(), allLabels.MoveToOuterDisposeScope(), weights);
        }

        Refreshes++;
    }

    /// <summary>
    /// <paramref name="count"/> labelled rows drawn at random (with replacement) from the pool, with their weights when
    /// the pool keeps them.
    /// </summary>
    public (Tensor Inputs, Tensor Labels, Tensor? Weights) Draw(long count)
    {
        if (Inputs is null || Labels is null)
        {
            throw new InvalidOperationException("The pool is drawn from before it was made; call BeforeEpoch first.");
        }

        using var scope = NewDisposeScope();
        var rows = randint(Inputs.shape[0], count, dtype: ScalarType.Int64, device: Inputs.device);
        return (Inputs.index_select(0, rows).MoveToOuterDisposeScope(),
            Labels.index_select(0, rows).MoveToOuterDisposeScope(),
            Weights?.index_select(0, rows).MoveToOuterDisposeScope());
    }

    public void Dispose() => Replace(null, null, null);

    private void Replace(Tensor? inputs, Tensor? labels, Tensor? weights)
    {
        Inputs?.Dispose();
        Labels?.Dispose();
        Weights?.Dispose();
        (Inputs, Labels, Weights) = (inputs, labels, weights);
    }
}
