using System.Net.Http.Json;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx;
using Hydra.Serving.Hosting;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Tests;

/// <summary>
/// A hand-made two-head Gaussian regression checkpoint (linear 2→3, relu; heads linear 3→2 = [μ, raw]) with per-feature
/// input scaling and a target scaling, exported by the real exporter and scored from raw rows through the scorer and
/// both HTTP APIs of a real host.
/// </summary>
public sealed class RegressionScoringTests : IAsyncLifetime
{
    private static readonly ArchitectureSpec Spec = new("hand-regression", [2], [new LinearLayer(2, 3),
        new ReluLayer()], [new LinearLayer(3, 2)]);
    private static readonly FeatureNormalization Features = new([1f, -1f], [2f, 4f]);
    private static readonly TargetScaling Scaling = new(10f, 3f);
    private static readonly float[][] Rows = [[3f, 7f], [-5f, 2f], [0.5f, -9f]];

    private readonly TempDirectory _folder = new();
    private Dictionary<string, float[]> _weights = [];
    private WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var store = new FolderArtifactStore(_folder.Path);
        var card = TestCheckpoints.Card(Spec, heads: 2) with
        {
            Task = ModelTask.Regression,
            Dataset = "hand",
            Classes = null,
            Input = new InputSpec([2], Normalization.Identity, Features),
            TargetScaling = Scaling,
        };
        var tensors = TestCheckpoints.CosineTensors(card);
        _weights = tensors.ToDictionary(t => t.Name, t => t.ToFloats());
        await TestCheckpoints.WriteAsync(store, "ckpt/hydra", card, tensors);
        await new OnnxExporter().ExportAsync(new CheckpointStore(store), "ckpt/hydra", store, "models/reg",
            new OnnxExportOptions { ModelId = "reg" }, CancellationToken.None);

        _app = ServingHost.Build(
            new Dictionary<string, string?>
            {
                ["Hydra:Serve:ModelsPath"] = Path.Combine(_folder.Path, "models"),
                ["Hydra:Serve:Port"] = "0",
            },
            logging => logging.ClearProviders());
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = ServingHost.ListeningAddress(_app) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task Score_RawRows_ReturnsHandComputedMeanAndVariancesWithTotalTheirSum()
    {
        using var model = await ScoringModel.LoadFolderAsync(Path.Combine(_folder.Path, "models", "reg"),
            new ScoringOptions(), CancellationToken.None);

        var result = model.Score(Rows);

        var (mean, total, aleatoric, epistemic) = (result.Get(GraphNames.Mean).AsFloats(),
            result.Get(GraphNames.Total).AsFloats(),
            result.Get(GraphNames.Aleatoric).AsFloats(), result.Get(GraphNames.Epistemic).AsFloats());
        var headVariances = result.Get(GraphNames.HeadVariances).AsFloats();
        for (var r = 0; r < Rows.Length; r++)
        {
            var heads = HandHeads(Rows[r]);
            var expectedMean = heads.Average(h => h.Mean);
            var expectedAleatoric = heads.Average(h => h.Variance);
            var expectedEpistemic = heads.Average(h => (h.Mean - expectedMean) * (h.Mean - expectedMean));
            Assert.Equal(expectedMean, mean[r], 1e-4);
            Assert.Equal(expectedAleatoric, aleatoric[r], 1e-4);
            Assert.Equal(expectedEpistemic, epistemic[r], 1e-4);
            Assert.Equal(heads[1].Variance, headVariances[(r * 2) + 1], 1e-4);
            Assert.True(aleatoric[r] > 0 && epistemic[r] >= 0, $"row {r}: variances must not be negative");
            Assert.Equal(aleatoric[r] + epistemic[r], total[r], 1e-4);
        }
    }

    [Fact]
    public async Task ScoreApi_RegressionModel_ReturnsMeanVariancesAndHeadsButNoLabel()
    {
        using var response = await _client.PostAsJsonAsync(new Uri("/api/models/reg/score", UriKind.Relative),
            new { rows = Rows, include_heads = true });

        var body = await HttpAssert.OkJsonAsync(response);
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(Rows.Length, predictions.Count);
        for (var r = 0; r < Rows.Length; r++)
        {
            var p = predictions[r];
            var heads = HandHeads(Rows[r]);
            Assert.False(p.TryGetProperty("label", out _));
            Assert.Equal(heads.Average(h => h.Mean), p.GetProperty("mean").GetDouble(), 1e-4);
            var (total, aleatoric, epistemic) = (p.GetProperty("total").GetDouble(),
                p.GetProperty("aleatoric").GetDouble(), p.GetProperty("epistemic").GetDouble());
            Assert.True(aleatoric > 0 && epistemic >= 0 && total > 0);
            Assert.Equal(aleatoric + epistemic, total, 1e-4);
            Assert.Equal(heads[0].Mean, p.GetProperty("heads")[0][0].GetDouble(), 1e-4);
            Assert.Equal(heads[0].Variance, p.GetProperty("heads")[0][1].GetDouble(), 1e-4);
        }
    }

    [Fact]
    public async Task InferV2_RegressionModel_ReturnsTheRegressionOutputs()
    {
        var request = new
        {
            inputs = new[] { new { name = "input", shape = new[] { Rows.Length, 2 }, datatype = "FP32",
            data = Rows } }
        };

        using var response = await _client.PostAsJsonAsync(new Uri("/v2/models/reg/infer", UriKind.Relative), request);

        var body = await HttpAssert.OkJsonAsync(response);
        var outputs = body.GetProperty("outputs").EnumerateArray().ToDictionary(o
            => o.GetProperty("name").GetString()!, o => o);
        Assert.Equal(GraphNames.RegressionOutputs.Order(StringComparer.Ordinal),
            outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([Rows.Length, 2], outputs[GraphNames.HeadMeans].GetProperty("shape").EnumerateArray().Select(d
            => d.GetInt32()));
        var mean = outputs[GraphNames.Mean].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(HandHeads(Rows[2]).Average(h => h.Mean), mean[2], 1e-4);
    }

    /// <summary>Each head's (mean, variance) in target units for one raw row, in double precision.</summary>
    private (double Mean, double Variance)[] HandHeads(float[] raw)
    {
        var z = raw.Select((x, j) => ((double)x - Features.Mean[j]) / Features.Std[j]).ToArray();
        var hidden = new double[3];
        for (var o = 0; o < 3; o++)
        {
            hidden[o] = Math.Max(0, _weights["body.0.bias"][o] + Enumerable.Range(0, 2).Sum(i
                => (double)_weights["body.0.weight"][(o * 2) + i] * z[i]));
        }

        return [.. Enumerable.Range(0, 2).Select(k =>
        {
            var output = Enumerable.Range(0, 2).Select(c => _weights[$"heads.{k}.0.bias"][c]
                + Enumerable.Range(0, 3).Sum(i => (double)_weights[$"heads.{k}.0.weight"][(c * 3)
                + i] * hidden[i])).ToArray();
            var variance = Math.Log(1 + Math.Exp(output[1])) + 1e-6;
            return ((output[0] * Scaling.Std) + Scaling.Mean, variance * Scaling.Std * Scaling.Std);
        })];
    }
}
