using System.Net;
using System.Text;
using System.Text.Json;
using Hydra.Core.Calibration;
using Hydra.Serving.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Tests;

/// <summary>
/// A calibrated model's answers over real HTTP: each row placed among the manifest's reference rows
/// (<c>epistemic_quantile</c>) and flagged <c>out_of_distribution</c> above the chosen quantile, checked against the
/// tiny classifier's double-precision reference; an uncalibrated model answers without either.
/// </summary>
public sealed class CalibratedScoringTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TinyClassifier _classifier = new();
    private WebApplication? _app;
    private HttpClient _client = null!;
    private float[] _reference = [];

    public async Task InitializeAsync()
    {
        // Reference rows around the origin; the rows scored below reach further out.
        _reference = [.. Enumerable.Range(0, 200).Select(i => (float)_classifier.Compute(Row(i, 1.5)).Epistemic)];
        var calibration = new ModelCalibration
        {
            Rows = _reference.Length,
            Source = "test",
            Epistemic = UncertaintyReference.From(_reference),
            Total = UncertaintyReference.From(_reference.Select(v => v + 1)),
        };
        _classifier.Write(_folder.Path, "calibrated", calibration: calibration);
        _classifier.Write(_folder.Path, "plain");
        _app = ServingHost.Build(new Dictionary<string, string?>
        {
            ["Hydra:Serve:ModelsPath"] = _folder.Path,
            ["Hydra:Serve:Port"] = "0",
        }, logging => logging.ClearProviders());
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = ServingHost.ListeningAddress(_app) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(null, 0.99)]
    [InlineData(0.5, 0.5)]
    public async Task Score_CalibratedModel_PlacesEachRowAmongTheReferenceRows(double? requested, double level)
    {
        var rows = Enumerable.Range(0, 8).Select(i => Row(1000 + i, i % 2 == 0 ? 1.5 : 4.0)).ToArray();
        var request = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["rows"] = rows,
            ["ood_quantile"] = requested,
        });

        var body = await HttpAssert.OkJsonAsync(await PostAsync("/api/models/calibrated/score", request));

        var sorted = _reference.Order().ToArray();
        var threshold = Type7(sorted, level);
        var ood = body.GetProperty("ood");
        Assert.Equal(level, ood.GetProperty("quantile").GetDouble(), 12);
        Assert.Equal(threshold, ood.GetProperty("threshold").GetDouble(), 6);
        Assert.Equal(200, ood.GetProperty("reference_rows").GetInt32());
        var predictions = body.GetProperty("predictions").EnumerateArray().ToArray();
        var flagged = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            var epistemic = _classifier.Compute(rows[r]).Epistemic;
            var share = sorted.Count(v => v < epistemic) / 200.0;
            Assert.Equal(share, predictions[r].GetProperty("epistemic_quantile").GetDouble(), 5);
            Assert.Equal(epistemic > threshold, predictions[r].GetProperty("out_of_distribution").GetBoolean());
            flagged += epistemic > threshold ? 1 : 0;
        }

        // The rows are chosen so the flag is exercised both ways at the default level.
        Assert.InRange(flagged, 1, rows.Length - 1);
    }

    [Fact]
    public async Task Infer_V2_CalibratedOutputsAreSelectableWithTheirDatatypes()
    {
        var row = Row(1003, 4.0);
        var request = JsonSerializer.Serialize(new
        {
            inputs = new[] { new { name = "input", shape = new[] { 1, 4 }, datatype = "FP32", data = row } },
            outputs = new[] { new { name = "out_of_distribution" }, new { name = "epistemic_quantile" } },
            parameters = new { ood_quantile = 0.5 },
        });

        var body = await HttpAssert.OkJsonAsync(await PostAsync("/v2/models/calibrated/infer", request));

        var outputs = body.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(["out_of_distribution", "epistemic_quantile"], outputs.Select(o => o.GetProperty("name")
            .GetString()));
        Assert.Equal("BOOL", outputs[0].GetProperty("datatype").GetString());
        Assert.Equal("FP32", outputs[1].GetProperty("datatype").GetString());
        var epistemic = _classifier.Compute(row).Epistemic;
        var sorted = _reference.Order().ToArray();
        Assert.Equal(epistemic > Type7(sorted, 0.5), outputs[0].GetProperty("data")[0].GetBoolean());
        Assert.Equal(sorted.Count(v => v < epistemic) / 200.0, outputs[1].GetProperty("data")[0].GetDouble(), 5);
        Assert.Equal(0.5, body.GetProperty("parameters").GetProperty("ood_quantile").GetDouble());
    }

    [Fact]
    public async Task Metadata_CalibratedModelListsTheTwoOutputs_PlainModelDoesNot()
    {
        var calibrated = await HttpAssert.OkJsonAsync(await _client.GetAsync(new Uri("/v2/models/calibrated",
            UriKind.Relative)));
        var plain = await HttpAssert.OkJsonAsync(await _client.GetAsync(new Uri("/v2/models/plain",
            UriKind.Relative)));

        static string[] Names(JsonElement metadata) =>
            [.. metadata.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()!)];
        Assert.Contains("epistemic_quantile", Names(calibrated));
        Assert.Contains("out_of_distribution", Names(calibrated));
        Assert.DoesNotContain("epistemic_quantile", Names(plain));
    }

    [Fact]
    public async Task Score_PlainModel_AnswersWithoutTheCalibratedFields()
    {
        var body = await HttpAssert.OkJsonAsync(await PostAsync("/api/models/plain/score",
            "{\"rows\": [[1, 2, 3, 4]]}"));

        var prediction = body.GetProperty("predictions")[0];
        Assert.False(prediction.TryGetProperty("epistemic_quantile", out _));
        Assert.False(prediction.TryGetProperty("out_of_distribution", out _));
        Assert.False(body.TryGetProperty("ood", out _));
    }

    [Fact]
    public async Task Stats_AfterScoring_CountTheRequestsRowsAndFlags()
    {
        var rows = Enumerable.Range(0, 6).Select(i => Row(2000 + i, i % 2 == 0 ? 1.5 : 4.0)).ToArray();
        var flagged = rows.Count(r => _classifier.Compute(r).Epistemic > Type7(_reference.Order().ToArray(), 0.99));
        var request = JsonSerializer.Serialize(new { rows });
        await HttpAssert.OkJsonAsync(await PostAsync("/api/models/calibrated/score", request));
        await HttpAssert.OkJsonAsync(await PostAsync("/api/models/calibrated/score", request));

        var stats = await HttpAssert.OkJsonAsync(await _client.GetAsync(new Uri("/api/models/calibrated/stats",
            UriKind.Relative)));

        Assert.Equal(2, stats.GetProperty("requests").GetInt64());
        Assert.Equal(12, stats.GetProperty("rows").GetInt64());
        Assert.Equal(2 * flagged, stats.GetProperty("out_of_distribution").GetProperty("rows").GetInt64());
        Assert.Equal(900, stats.GetProperty("window_seconds").GetDouble());
        Assert.Equal(10, stats.GetProperty("epistemic_quantile_histogram").GetArrayLength());
        await HttpAssert.ProblemAsync(await _client.GetAsync(new Uri("/api/models/nope/stats", UriKind.Relative)),
            HttpStatusCode.NotFound, "unknown-model");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("\"high\"")]
    public async Task Score_LevelNotAFraction_Is400NamingIt(string level)
    {
        var problem = await HttpAssert.ProblemAsync(await PostAsync("/api/models/calibrated/score",
            $"{{\"rows\": [[1, 2, 3, 4]], \"ood_quantile\": {level}}}"), HttpStatusCode.BadRequest, "invalid-input");

        Assert.Contains("ood_quantile", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>A deterministic raw row of the tiny model's four values, spread by <paramref name="scale"/>.</summary>
    private static float[] Row(int i, double scale) =>
        [.. Enumerable.Range(0, 4).Select(f => (float)(1 + (scale * Math.Sin((0.77 * i) + (1.9 * f)))))];

    /// <summary>The type-7 quantile, written out again here.</summary>
    private static double Type7(float[] sorted, double level)
    {
        var h = (sorted.Length - 1) * level;
        var lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo])) : sorted[lo];
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8,
            "application/json"));
}
