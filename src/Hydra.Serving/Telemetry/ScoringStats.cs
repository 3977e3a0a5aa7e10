using Hydra.Serving.Scoring;

namespace Hydra.Serving.Telemetry;

/// <summary>
/// The scorer's recent traffic per model name, in buckets of a fifteenth of the window (a minute by default), so a
/// person without a dashboard can ask what a model has been seeing: request and row counts, latency, epistemic
/// uncertainty and the share of rows flagged out of distribution. Percentiles come from a bounded sample per bucket.
/// Thread-safe; the figures are this instance's only.
/// </summary>
public sealed class ScoringStats
{
    /// <summary>Values kept per bucket for percentiles; beyond it a uniform reservoir sample stands for them.</summary>
    public const int SampleCap = 2048;

    private const int Buckets = 15;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StatsBucket>> _models = new(StringComparer.Ordinal);
    private readonly Random _random = new(17);
    private readonly TimeProvider _clock;

    public ScoringStats(TimeSpan window, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(clock);
        Window = window;
        _clock = clock;
    }

    public TimeSpan Window { get; }

    private TimeSpan BucketWidth => Window / Buckets;

    public void Record(ScoreResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (!_models.TryGetValue(result.ModelName, out var buckets))
            {
                _models[result.ModelName] = buckets = [];
            }

            Prune(buckets, now);
            var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % BucketWidth.Ticks), TimeSpan.Zero);
            if (buckets.Count == 0 || buckets[^1].Start != start)
            {
                buckets.Add(new StatsBucket(start));
            }

            buckets[^1].Add(result, elapsed, _random);
        }
    }

    /// <summary>
    /// The window's figures for one model name; <paramref name="expectedShare"/> is the out-of-distribution share the
    /// deployment's level implies (0.01 at 0.99) and <paramref name="warnShare"/> the share that raises a warning.
    /// </summary>
    public ModelStats Snapshot(string name, double expectedShare, double warnShare)
    {
        var now = _clock.GetUtcNow();
        List<StatsBucket> buckets;
        lock (_gate)
        {
            buckets = _models.TryGetValue(name, out var kept) ? kept : [];
            Prune(buckets, now);
            buckets = [.. buckets.Select(b => b.Copy())];
        }

        return ModelStats.Of(name, buckets, now, Window, expectedShare, warnShare);
    }

    private void Prune(List<StatsBucket> buckets, DateTimeOffset now) =>
        buckets.RemoveAll(b => b.Start + BucketWidth <= now - Window);
}
