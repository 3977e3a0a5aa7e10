namespace Hydra.Core.Resilience;

/// <summary>
/// Retries an operation that failed for a reason that may pass (storage away, a timeout): try n waits a random time
/// between zero and min(MaxDelay, BaseDelay · 2^(n−1)) ("full jitter", so callers that failed together do not come
/// back together), until the operation succeeds, fails for a reason that will not pass, has been tried MaxAttempts
/// times, or the next try would start after the Budget. The last failure is then rethrown as it was.
/// </summary>
public sealed class RetryPolicy
{
    private readonly RetryOptions _options;
    private readonly Func<Exception, bool> _isTransient;
    private readonly TimeProvider _clock;
    private readonly Random _random;
    private readonly Action<Exception, int, TimeSpan>? _retrying;

    /// <param name="isTransient">Whether a failure may pass on another try.</param>
    /// <param name="random">The jitter's source (seeded in tests).</param>
    /// <param name="retrying">Called before each wait with the failure, the try that failed (1 = the first) and the
    /// wait (to log it).</param>
    public RetryPolicy(RetryOptions options, Func<Exception, bool> isTransient, TimeProvider? clock = null,
        Random? random = null, Action<Exception, int, TimeSpan>? retrying = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = new RetryOptionsValidator().ThrowIfInvalid(options);
        _isTransient = isTransient ?? throw new ArgumentNullException(nameof(isTransient));
        _clock = clock ?? TimeProvider.System;
        _random = random ?? Random.Shared;
        _retrying = retrying;
    }

    public RetryOptions Options => _options;

    /// <summary>The wait after the <paramref name="attempt"/>-th failed try: uniform in [0, ceiling].</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds,
            _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        double fraction;
        lock (_random)
        {
            fraction = _random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(fraction * ceiling);
    }

    public async Task ExecuteAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await ExecuteAsync(async token =>
        {
            await operation(token);
            return true;
        }, cancellationToken);
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var started = _clock.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (Exception e) when (ShouldRetry(e, attempt, started, cancellationToken, out var delay))
            {
                _retrying?.Invoke(e, attempt, delay);
                await Task.Delay(delay, _clock, cancellationToken);
            }
        }
    }

    private bool ShouldRetry(Exception e, int attempt, long started, CancellationToken cancellationToken,
        out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (cancellationToken.IsCancellationRequested || attempt >= _options.MaxAttempts || !_isTransient(e))
        {
            return false;
        }

        delay = Delay(attempt);
        return _clock.GetElapsedTime(started) + delay <= _options.Budget;
    }
}
