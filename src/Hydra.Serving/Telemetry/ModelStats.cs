using System.Globalization;
using Hydra.Core.Calibration;

namespace Hydra.Serving.Telemetry;

/// <summary>
/// <c>GET /api/models/{name}/stats</c>: one model's traffic over the recent window on this instance, with a warning
/// when more of its rows were out of distribution than the deployment's warning share.
/// </summary>
public sealed record ModelStats
{
    /// <summary>Below this many calibrated rows a share is too noisy to warn about.</summary>
    public const int MinRowsForWarning = 50;

    public required string Model { get; init; }

    /// <summary>The model versions (ONNX SHA-256) that answered in the window.</summary>
    public required IReadOnlyList<string> Versions { get; init; }

    public required double WindowSeconds { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>Whose traffic this is: each instance of a scaled-out app keeps its own.</summary>
    public required string Scope { get; init; }

    public required long Requests { get; init; }

    public required long Rows { get; init; }

    public required double RequestsPerSecond { get; init; }

    /// <summary>p50, p90, p99 and max, in milliseconds; null without requests.</summary>
    public IReadOnlyDictionary<string, double>? LatencyMs { get; init; }

    /// <summary>mean, p50, p90, p99 and max; null without rows.</summary>
    public IReadOnlyDictionary<string, double>? Epistemic { get; init; }

    /// <summary>Calibrated models: rows per tenth of the reference rows ([0, 0.1) first).</summary>
    public IReadOnlyList<long>? EpistemicQuantileHistogram { get; init; }

    public OutOfDistributionStats? OutOfDistribution { get; init; }

    /// <summary>A sentence for a person when the out-of-distribution share is above the warning share.</summary>
    public string? Warning { get; init; }

    internal static ModelStats Of(string name, List<StatsBucket> buckets, DateTimeOffset now, TimeSpan window,
        double expectedShare, double warnShare)
    {
        var from = now - window;
        var requests = buckets.Sum(b => b.Requests);
        var rows = buckets.Sum(b => b.Rows);
        var calibrated = buckets.Sum(b => b.CalibratedRows);
        var flagged = buckets.Sum(b => b.OutOfDistributionRows);
        var share = calibrated > 0 ? (double)flagged / calibrated : double.NaN;
        var seconds = buckets.Count == 0 ? window.TotalSeconds
            : Math.Max(1, (now - (buckets[0].Start > from ? buckets[0].Start : from)).TotalSeconds);
        return new ModelStats
        {
            Model = name,
            Versions = [.. buckets.SelectMany(b => b.Versions).Distinct().Order(StringComparer.Ordinal)],
            WindowSeconds = window.TotalSeconds,
            From = from,
            To = now,
            Scope = $"this instance ({Environment.MachineName})",
            Requests = requests,
            Rows = rows,
            RequestsPerSecond = requests / seconds,
            LatencyMs = requests == 0 ? null : Percentiles(buckets.SelectMany(b => b.LatencyMs),
                buckets.Max(b => b.LatencyMaxMs), mean: null),
            Epistemic = rows == 0 ? null : Percentiles(buckets.SelectMany(b => b.Epistemic),
                buckets.Max(b => b.EpistemicMax), buckets.Sum(b => b.EpistemicSum) / rows),
            EpistemicQuantileHistogram = calibrated == 0 ? null
                : [.. Enumerable.Range(0, StatsBucket.QuantileBins)
                    .Select(i => buckets.Sum(b => b.QuantileHistogram[i]))],
            OutOfDistribution = calibrated == 0 ? null
                : new OutOfDistributionStats(flagged, calibrated, share, expectedShare, warnShare),
            Warning = calibrated >= MinRowsForWarning && share > warnShare
                ? WarningText(share, calibrated, window, expectedShare, warnShare) : null,
        };
    }

    private static string WarningText(double share, long rows, TimeSpan window, double expected, double warn)
    {
        static string P(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
        var minutes = window.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture);
        return $"{P(share)} of the {rows} rows scored in the last {minutes} min were out of distribution (expected "
            + $"about {P(expected)}; warning above {P(warn)}): traffic may be drifting away from what the model knows.";
    }

    private static Dictionary<string, double> Percentiles(IEnumerable<double> sample, double max, double? mean)
    {
        var sorted = sample.Order().Select(v => (float)v).ToArray();
        var reference = UncertaintyReference.From(sorted);
        var figures = new Dictionary<string, double>();
        if (mean is { } m)
        {
            figures["mean"] = m;
        }

        figures["p50"] = reference.Quantile(0.5);
        figures["p90"] = reference.Quantile(0.9);
        figures["p99"] = reference.Quantile(0.99);
        figures["max"] = max;
        return figures;
    }
}

/// <summary>Flagged rows among the calibrated rows scored, against what the level leads one to expect.</summary>
public sealed record OutOfDistributionStats(long Rows, long OfRows, double Share, double ExpectedShare,
    double WarnShare);
