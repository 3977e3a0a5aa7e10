using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hydra.Serving.Scoring;
using Microsoft.Extensions.Options;

namespace Hydra.Serving.Telemetry;

/// <summary>
/// What the scorer tells an operator about its traffic, per model id and version: OpenTelemetry instruments on the
/// <see cref="MeterName"/> meter (exported by whatever the host configures: Application Insights in the Function App,
/// the console or OTLP in <c>hydra serve</c>), and the same figures over a recent window in <see cref="ScoringStats"/>
/// for <c>GET /api/models/{name}/stats</c>.
/// </summary>
public sealed class ScoringTelemetry
{
    public const string MeterName = "Hydra.Serving";

    public const string ModelIdTag = "hydra.model_id";
    public const string ModelVersionTag = "hydra.model_version";
    public const string RouteTag = "hydra.route";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _outOfDistribution;
    private readonly Counter<long> _unseenCategories;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _epistemic;
    private readonly Histogram<double> _quantile;

    public ScoringTelemetry(IMeterFactory meters, IOptions<ScoringOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(options);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("hydra.scoring.requests", "{request}",
            "Scoring requests answered, per model version and route.");
        _rows = meter.CreateCounter<long>("hydra.scoring.rows", "{row}", "Rows scored.");
        _outOfDistribution = meter.CreateCounter<long>("hydra.scoring.out_of_distribution", "{row}",
            "Rows a calibrated model flagged out of distribution.");
        _unseenCategories = meter.CreateCounter<long>("hydra.scoring.unseen_categories", "{value}",
            "Categorical values in rows given by column name that the model never saw in training (encoded as zeros).");
        _duration = meter.CreateHistogram<double>("hydra.scoring.duration", "ms",
            "Time to answer a scoring request, from reading its body to the response object.");
        _epistemic = meter.CreateHistogram<double>("hydra.scoring.epistemic", "{nat_or_variance}",
            "Epistemic uncertainty of each scored row (nats; target units² for regression).");
        _quantile = meter.CreateHistogram<double>("hydra.scoring.epistemic_quantile", "1",
            "Share of the model's reference rows below each scored row's epistemic uncertainty.");
        Stats = new ScoringStats(options.Value.StatsWindow, clock);
    }

    /// <summary>The recent window behind <c>GET /api/models/{name}/stats</c> (this instance's traffic).</summary>
    public ScoringStats Stats { get; }

    /// <summary>
    /// Records one answered request: its rows, their uncertainty and flags, how long it took, and how many of its
    /// categorical values the model had never seen.
    /// </summary>
    public void Record(ScoreResult result, string route, TimeSpan elapsed, int unseenCategories = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tags = new TagList
        {
            { ModelIdTag, result.Version.ModelId },
            { ModelVersionTag, result.Version.OnnxSha256 },
            { RouteTag, route },
        };
        _requests.Add(1, tags);
        _rows.Add(result.Rows, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
        if (unseenCategories > 0)
        {
            _unseenCategories.Add(unseenCategories, tags);
        }

        foreach (var value in result.Epistemic)
        {
            _epistemic.Record(value, tags);
        }

        if (result.Assessment is { } assessment)
        {
            foreach (var quantile in assessment.Quantiles)
            {
                _quantile.Record(quantile, tags);
            }

            var flagged = assessment.Flags.Count(f => f);
            if (flagged > 0)
            {
                _outOfDistribution.Add(flagged, tags);
            }
        }

        Stats.Record(result, elapsed);
    }
}
