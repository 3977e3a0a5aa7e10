using System.Diagnostics.Metrics;
using Hydra.Serving.Hosting;
using Hydra.Serving.Scoring;
using Hydra.Serving.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hydra.Serving.Tests;

/// <summary>
/// The scorer's telemetry: the OpenTelemetry instruments it records (read back with a real <see cref="MeterListener"/>)
/// and the recent window behind <c>GET /api/models/{name}/stats</c>, against counts and percentiles worked out here.
/// </summary>
public sealed class ScoringTelemetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Record_CalibratedResult_AddsRequestsRowsFlagsAndOneValuePerRow()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var telemetry = new ScoringTelemetry(meters, Options.Create(new ScoringOptions()), new FakeTimeProvider(Start));
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // This test's meter only: other tests in the process score through meters of the same name.
                if (instrument.Meter.Name == ScoringTelemetry.MeterName
                    && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, Tags(tags))));
        listener.Start();

        telemetry.Record(Result("m", [0.1f, 0.2f, 0.9f], [false, false, true]), "score",
            TimeSpan.FromMilliseconds(4));

        double Sum(string name) => measurements.Where(m => m.Instrument == name).Sum(m => m.Value);
        Assert.Equal(1, Sum("hydra.scoring.requests"));
        Assert.Equal(3, Sum("hydra.scoring.rows"));
        Assert.Equal(1, Sum("hydra.scoring.out_of_distribution"));
        Assert.Equal(4, Sum("hydra.scoring.duration"), 9);
        Assert.Equal([0.1, 0.2, 0.9], measurements.Where(m => m.Instrument == "hydra.scoring.epistemic")
            .Select(m => Math.Round(m.Value, 5)));
        Assert.Equal(3, measurements.Count(m => m.Instrument == "hydra.scoring.epistemic_quantile"));
        Assert.All(measurements, m =>
        {
            Assert.Equal("m", m.Tags[ScoringTelemetry.ModelIdTag]);
            Assert.Equal(new string('c', 64), m.Tags[ScoringTelemetry.ModelVersionTag]);
            Assert.Equal("score", m.Tags[ScoringTelemetry.RouteTag]);
        });
    }

    [Fact]
    public void Snapshot_RequestsInTheWindow_CountsThemAndTheirPercentiles()
    {
        var clock = new FakeTimeProvider(Start);
        var stats = new ScoringStats(TimeSpan.FromMinutes(15), clock);
        for (var i = 1; i <= 100; i++)
        {
            stats.Record(Result("m", [i / 100f], [false]), TimeSpan.FromMilliseconds(i));
            clock.Advance(TimeSpan.FromSeconds(3));
        }

        var snapshot = stats.Snapshot("m", expectedShare: 0.01, warnShare: 0.05);

        Assert.Equal(100, snapshot.Requests);
        Assert.Equal(100, snapshot.Rows);
        // Type 7 over 1 … 100 ms: p50 = 50.5, p99 = 99.01.
        Assert.Equal(50.5, snapshot.LatencyMs!["p50"], 6);
        Assert.Equal(99.01, snapshot.LatencyMs["p99"], 6);
        Assert.Equal(100, snapshot.LatencyMs["max"], 6);
        Assert.Equal(0.505, snapshot.Epistemic!["mean"], 5);
        Assert.Equal(0, snapshot.OutOfDistribution!.Rows);
        Assert.Equal(100, snapshot.EpistemicQuantileHistogram!.Sum());
        Assert.Null(snapshot.Warning);
        Assert.Equal(100 / 300.0, snapshot.RequestsPerSecond, 6);
    }

    [Fact]
    public void Snapshot_AfterTheWindow_ForgetsOldTraffic()
    {
        var clock = new FakeTimeProvider(Start);
        var stats = new ScoringStats(TimeSpan.FromMinutes(15), clock);
        stats.Record(Result("m", [0.5f], [true]), TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromMinutes(10));
        stats.Record(Result("m", [0.5f, 0.6f], [false, false]), TimeSpan.FromMilliseconds(1));

        var both = stats.Snapshot("m", 0.01, 0.05);
        clock.Advance(TimeSpan.FromMinutes(6));
        var later = stats.Snapshot("m", 0.01, 0.05);
        clock.Advance(TimeSpan.FromMinutes(15));
        var none = stats.Snapshot("m", 0.01, 0.05);

        Assert.Equal((2, 3, 1), (both.Requests, both.Rows, both.OutOfDistribution!.Rows));
        Assert.Equal((1, 2, 0), (later.Requests, later.Rows, later.OutOfDistribution!.Rows));
        Assert.Equal(0, none.Requests);
        Assert.Null(none.LatencyMs);
        Assert.Null(none.OutOfDistribution);
    }

    [Theory]
    [InlineData(49, 10, false)]
    [InlineData(50, 3, true)]
    [InlineData(100, 5, false)]
    [InlineData(100, 6, true)]
    public void Snapshot_OutOfDistributionShare_WarnsAboveTheLevelWithEnoughRows(int rows, int flagged, bool warns)
    {
        var stats = new ScoringStats(TimeSpan.FromMinutes(15), new FakeTimeProvider(Start));
        var flags = Enumerable.Range(0, rows).Select(i => i < flagged).ToArray();
        stats.Record(Result("m", [.. flags.Select(f => f ? 0.9f : 0.1f)], flags), TimeSpan.FromMilliseconds(2));

        var snapshot = stats.Snapshot("m", expectedShare: 0.01, warnShare: 0.05);

        Assert.Equal((double)flagged / rows, snapshot.OutOfDistribution!.Share, 9);
        Assert.Equal(warns, snapshot.Warning is not null);
        if (warns)
        {
            Assert.Contains($"of the {rows} rows", snapshot.Warning, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, null, "none")]
    [InlineData(null, "http://127.0.0.1:4317", "otlp")]
    [InlineData("Console", null, "console")]
    [InlineData("none", "http://127.0.0.1:4317", "none")]
    public void Choose_SettingAndOtlpEndpoint_PickTheExporter(string? setting, string? endpoint, string expected) =>
        Assert.Equal(expected, ServingMetrics.Choose(setting, endpoint));

    [Fact]
    public void Choose_UnknownExporter_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ServingMetrics.Choose("prometheus", null));

        Assert.Contains("Hydra__Serve__Metrics", error.Message, StringComparison.Ordinal);
    }

    private static ScoreResult Result(string name, float[] epistemic, bool[] flags) =>
        new(name, new ModelVersion(name, new string('c', 64)), epistemic.Length, [])
        {
            Epistemic = epistemic,
            Assessment = new CalibratedOutputs.Assessment(0.5, [.. epistemic.Select(v => Math.Min(v, 0.99f))], flags),
        };

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }
}
