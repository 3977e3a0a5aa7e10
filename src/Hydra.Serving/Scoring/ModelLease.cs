namespace Hydra.Serving.Scoring;

/// <summary>One request's hold on a loaded model: while any lease is open the session is not disposed.</summary>
public sealed class ModelLease : IDisposable
{
    private ScoringModel? _model;

    internal ModelLease(ScoringModel model)
    {
        _model = model;
    }

    /// <exception cref="ObjectDisposedException">The lease was released.</exception>
    public ScoringModel Model => _model ?? throw new ObjectDisposedException(nameof(ModelLease));

    public void Dispose() => Interlocked.Exchange(ref _model, null)?.Release();
}
