using System.Globalization;
using System.Text;
using System.Text.Json;
using Hydra.Core.Storage;
using Hydra.Serving.Files;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Tests;

/// <summary>
/// Batch files for a model trained on a table, rows given by column name (a CSV header in any order, JSON objects):
/// imputed, one-hot encoded and normalised as the JSON route does, against a hand computation.
/// </summary>
public sealed class BatchNamedRowTests : IDisposable
{
    private const string Model = "patients";
    private readonly TempDirectory _folder = new();
    private readonly FolderArtifactStore _store;
    private readonly ModelRegistry _registry;
    private readonly BatchScoringService _service;
    private readonly TinyClassifier _classifier = new(inputShape: [4]);

    public BatchNamedRowTests()
    {
        _classifier.Write(Path.Combine(_folder.Path, "models"), Model, input: NamedRowScoringTests.Input);
        _store = new FolderArtifactStore(_folder.Path);
        _registry = new ModelRegistry(_store, "models", new ScoringOptions());
        _service = new BatchScoringService(_store, _registry);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ScoreAsync_CsvByColumnNameInAnyOrder_EqualsTheHandComputation()
    {
        // Columns shuffled, an ignored id, a quoted category and name; the second row's numbers are missing.
        var csv = "id,age,clinic,\"mean radius\"\np7,61,south,17.9\np8,,\"north\",\n";

        var outcome = await _service.ScoreAsync(Model, "named.csv", Encoding.UTF8.GetBytes(csv),
            CancellationToken.None);

        Assert.Equal(("scoring-output/patients/named.csv", 2, (string?)null), (outcome.Path, outcome.Rows,
            outcome.Error));
        var lines = Encoding.UTF8.GetString(await _store.ReadAsync(outcome.Path, CancellationToken.None))
            .TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        // Row 1 raw [17.9, 0, 1, 61] → (x − 1)/2 = [8.45, −0.5, 0, 30] → (x − m)/s = [3.975, −1.2, 0.8, 6.75].
        // Row 2 fills mean radius 14 and age 50: raw [14, 1, 0, 50] → [6.5, 0, −0.5, 24.5] → [3, −0.2, −1.2, 5.375].
        AssertLine(_classifier.Compute([3.975f, -1.2f, 0.8f, 6.75f], normalisations: 0), header, lines[1]);
        AssertLine(_classifier.Compute([3f, -0.2f, -1.2f, 5.375f], normalisations: 0), header, lines[2]);
    }

    [Fact]
    public async Task ScoreAsync_JsonObjectRows_EqualTheHandComputation()
    {
        var json = """{"rows": [{"clinic": "south", "age": 61, "mean radius": 17.9}, [17.9, 0, 1, 61]]}""";

        var outcome = await _service.ScoreAsync(Model, "named.json", Encoding.UTF8.GetBytes(json),
            CancellationToken.None);

        using var written = JsonDocument.Parse(await _store.ReadAsync(outcome.Path, CancellationToken.None));
        var predictions = written.RootElement.GetProperty("predictions");
        var expected = _classifier.Compute([3.975f, -1.2f, 0.8f, 6.75f], normalisations: 0);
        Assert.Equal(expected.Epistemic, predictions[0].GetProperty("epistemic").GetDouble(), 4);
        Assert.Equal(expected.Total, predictions[0].GetProperty("total").GetDouble(), 4);
        Assert.Equal(predictions[1].GetProperty("probabilities").GetRawText(),
            predictions[0].GetProperty("probabilities").GetRawText());
    }

    [Theory]
    [InlineData("named.csv", "age,mean radius\n61,17.9\n", "CSV line 2: The row has no column 'clinic'")]
    [InlineData("named.csv", "age,clinic,mean radius\n61,south,wide\n", "Column 'mean radius' takes a number")]
    [InlineData("named.json", """{"rows": [{"age": 61, "clinic": "south", "mean radius": 1, "weight": 3}]}""",
        "Row 0: The row has an unknown column 'weight'")]
    public async Task ScoreAsync_BadNamedRow_WritesA400ProblemNamingTheColumn(string name, string content,
        string detail)
    {
        var outcome = await _service.ScoreAsync(Model, name, Encoding.UTF8.GetBytes(content), CancellationToken.None);

        Assert.Equal($"scoring-output/patients/{name}.error.json", outcome.Path);
        using var problem = JsonDocument.Parse(await _store.ReadAsync(outcome.Path, CancellationToken.None));
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static void AssertLine(TinyClassifier.Expected expected, string[] header, string line)
    {
        var cells = line.Split(',');
        double Cell(string column) => double.Parse(cells[Array.IndexOf(header, column)], CultureInfo.InvariantCulture);
        Assert.Equal(TinyClassifier.Classes[expected.Label], cells[0]);
        Assert.Equal(expected.Total, Cell("total"), 4);
        Assert.Equal(expected.Aleatoric, Cell("aleatoric"), 4);
        Assert.Equal(expected.Epistemic, Cell("epistemic"), 4);
    }
}
