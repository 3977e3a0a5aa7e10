using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hydra.Core.Storage;
using Hydra.Serving.Files;
using Hydra.Serving.Scoring;
using Hydra.Serving.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hydra.Serving.Tests;

public sealed class BatchScoringServiceTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly FolderArtifactStore _store;
    private readonly ModelRegistry _registry;
    private readonly BatchScoringService _service;
    private readonly TinyClassifier _model = new();

    public BatchScoringServiceTests()
    {
        _model.Write(Path.Combine(_folder.Path, "models"), "tiny");
        _store = new FolderArtifactStore(_folder.Path);
        _registry = new ModelRegistry(_store, "models", new ScoringOptions { MaxBatchRows = 2 });
        _service = new BatchScoringService(_store, _registry);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ScoreAsync_WithTelemetry_RecordsEachChunkUnderTheBatchRoute()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var telemetry = new ScoringTelemetry(services.GetRequiredService<IMeterFactory>(),
            Options.Create(new ScoringOptions()), TimeProvider.System);
        var service = new BatchScoringService(_store, _registry, telemetry);
        float[][] rows = [[0, 1, 2, 3], [1, -1, 0.5f, 2], [3, 3, -2, 0], [0.25f, 0, 0, -1], [2, 2, 2, 2]];

        await service.ScoreAsync("tiny", "batch-t.json", JsonSerializer.SerializeToUtf8Bytes(new { rows }),
            CancellationToken.None);
        var stats = telemetry.Stats.Snapshot("tiny", expectedShare: 0.01, warnShare: 0.05);

        // MaxBatchRows is 2 here: chunks of 2, 2 and 1 rows.
        Assert.Equal((3, 5), (stats.Requests, stats.Rows));
    }

    [Fact]
    public async Task ScoreAsync_JsonRowsAcrossSeveralChunks_MatchTheReferenceRowByRow()
    {
        float[][] rows = [[0, 1, 2, 3], [1, -1, 0.5f, 2], [3, 3, -2, 0], [0.25f, 0, 0, -1], [2, 2, 2, 2]];

        var outcome = await _service.ScoreAsync("tiny", "batch-1.json",
            JsonSerializer.SerializeToUtf8Bytes(new { rows }), CancellationToken.None);

        Assert.Equal(("scoring-output/tiny/batch-1.json", 5, (string?)null), (outcome.Path, outcome.Rows,
            outcome.Error));
        using var written = JsonDocument.Parse(await _store.ReadAsync(outcome.Path, CancellationToken.None));
        var predictions = written.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(5, predictions.Count);
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = _model.Compute(rows[r]);
            Assert.Equal(expected.Epistemic, predictions[r].GetProperty("epistemic").GetDouble(), 5);
            Assert.Equal(expected.Total, predictions[r].GetProperty("total").GetDouble(), 5);
        }
    }

    [Fact]
    public async Task ScoreAsync_CsvInput_WritesCsvWithOneLinePerRow()
    {
        var csv = "a,b,c,d\n0,1,2,3\n1,1,1,1\n";

        var outcome = await _service.ScoreAsync("tiny", "input.csv", Encoding.UTF8.GetBytes(csv),
            CancellationToken.None);

        Assert.Equal("scoring-output/tiny/input.csv", outcome.Path);
        var lines = Encoding.UTF8.GetString(await _store.ReadAsync(outcome.Path,
            CancellationToken.None)).TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("epistemic", lines[0], StringComparison.Ordinal);
        var expected = _model.Compute([0, 1, 2, 3]);
        Assert.StartsWith(TinyClassifier.Classes[expected.Label], lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rows.json", "{\"rows\": [[1, 2, 3]]}", "4")]
    [InlineData("rows.parquet", "PAR1", "unknown input format")]
    [InlineData("rows.json", "{\"rows\": [[1, 2, 3, \"x\"]]}", "row 0 holds a string")]
    public async Task ScoreAsync_BadFile_WritesAProblemBesideTheOutputAndNoPredictions(string name, string content,
        string detail)
    {
        var outcome = await _service.ScoreAsync("tiny", name, Encoding.UTF8.GetBytes(content), CancellationToken.None);

        Assert.Equal($"scoring-output/tiny/{name}.error.json", outcome.Path);
        using var problem = JsonDocument.Parse(await _store.ReadAsync(outcome.Path, CancellationToken.None));
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["scoring-output/tiny/" + name + ".error.json"], await _store.ListAsync("scoring-output",
            CancellationToken.None));
    }

    [Fact]
    public async Task ScoreAsync_UnknownModel_WritesA404Problem()
    {
        var outcome = await _service.ScoreAsync("nope", "rows.json", Encoding.UTF8.GetBytes("{\"rows\": []}"),
            CancellationToken.None);

        using var problem = JsonDocument.Parse(await _store.ReadAsync(outcome.Path, CancellationToken.None));
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"scoring-input/nope/rows.json"),
            problem.RootElement.GetProperty("instance").GetString());
    }
}
