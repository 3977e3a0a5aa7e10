using Hydra.Serving.Scoring;

namespace Hydra.Serving.Telemetry;

/// <summary>One slice of <see cref="ScoringStats"/>'s window: counts, and bounded samples for percentiles.</summary>
internal sealed class StatsBucket(DateTimeOffset start)
{
    public const int QuantileBins = 10;

    public DateTimeOffset Start { get; } = start;

    public long Requests { get; private set; }

    public long Rows { get; private set; }

    /// <summary>Rows of a calibrated model (those that can be flagged).</summary>
    public long CalibratedRows { get; private set; }

    public long OutOfDistributionRows { get; private set; }

    public HashSet<string> Versions { get; private init; } = new(StringComparer.Ordinal);

    public List<double> LatencyMs { get; private init; } = [];

    public List<double> Epistemic { get; private init; } = [];

    /// <summary>Rows per tenth of the reference: [0, 0.1), [0.1, 0.2), …, [0.9, 1].</summary>
    public long[] QuantileHistogram { get; private init; } = new long[QuantileBins];

    public double EpistemicSum { get; private set; }

    public double EpistemicMax { get; private set; }

    public double LatencyMaxMs { get; private set; }

    private long _epistemicSeen;

    public void Add(ScoreResult result, TimeSpan elapsed, Random random)
    {
        Requests++;
        Rows += result.Rows;
        Versions.Add(result.Version.OnnxSha256);
        LatencyMaxMs = Math.Max(LatencyMaxMs, elapsed.TotalMilliseconds);
        Sample(LatencyMs, elapsed.TotalMilliseconds, Requests, random);
        foreach (var value in result.Epistemic)
        {
            _epistemicSeen++;
            EpistemicSum += value;
            EpistemicMax = Math.Max(EpistemicMax, value);
            Sample(Epistemic, value, _epistemicSeen, random);
        }

        if (result.Assessment is { } assessment)
        {
            CalibratedRows += assessment.Flags.Length;
            OutOfDistributionRows += assessment.Flags.Count(f => f);
            foreach (var quantile in assessment.Quantiles)
            {
                QuantileHistogram[Math.Clamp((int)(quantile * QuantileBins), 0, QuantileBins - 1)]++;
            }
        }
    }

    public StatsBucket Copy() => new(Start)
    {
        Requests = Requests,
        Rows = Rows,
        CalibratedRows = CalibratedRows,
        OutOfDistributionRows = OutOfDistributionRows,
        Versions = [.. Versions],
        LatencyMs = [.. LatencyMs],
        Epistemic = [.. Epistemic],
        QuantileHistogram = [.. QuantileHistogram],
        EpistemicSum = EpistemicSum,
        EpistemicMax = EpistemicMax,
        LatencyMaxMs = LatencyMaxMs,
        _epistemicSeen = _epistemicSeen,
    };

    /// <summary>Keeps every value up to the cap, then a uniform sample of all <paramref name="seen"/>.</summary>
    private static void Sample(List<double> sample, double value, long seen, Random random)
    {
        if (sample.Count < ScoringStats.SampleCap)
        {
            sample.Add(value);
            return;
        }

        var slot = random.NextInt64(seen);
        if (slot < ScoringStats.SampleCap)
        {
            sample[(int)slot] = value;
        }
    }
}
