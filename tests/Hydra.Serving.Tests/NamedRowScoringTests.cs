using System.Net;
using System.Text;
using System.Text.Json;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Serving.Tests;

/// <summary>
/// A model trained on a table scored with rows by column name: the card's imputation, one-hot encoding and both
/// normalisations are applied once, in that order, and the answer equals a hand computation of the same graph.
/// </summary>
public sealed class NamedRowScoringTests : IAsyncLifetime
{
    private const string Model = "patients";

    // mean radius (numeric, fill 14), clinic (north/south, one-hot), age (numeric, fill 50): four input values.
    internal static readonly InputSpec Input = new([4], new Normalization(1f, 2f),
        new FeatureNormalization([0.5f, 0.1f, -0.2f, 3f], [2f, 0.5f, 0.25f, 4f]))
    {
        Columns = new TabularSchema([
            new FeatureColumn("mean radius", ColumnKind.Numeric) { Fill = 14f },
            new FeatureColumn("clinic", ColumnKind.Categorical) { Categories = ["north", "south"] },
            new FeatureColumn("age", ColumnKind.Numeric) { Fill = 50f }])
        {
            Impute = ImputeStrategy.Mean,
            Ignored = ["id", "diagnosis"],
        },
    };

    private readonly TinyClassifier _classifier = new(inputShape: [4]);
    private StartedHost? _host;

    private HttpClient Client => _host!.Client;

    public async Task InitializeAsync() => _host = await StartedHost.StartAsync(folder =>
    {
        _classifier.Write(folder, Model, input: Input);
        new TinyClassifier().Write(folder, "tiny");
        return Task.CompletedTask;
    });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Score_RowByColumnName_EqualsTheHandComputation()
    {
        var body = await HttpAssert.OkJsonAsync(await PostAsync($"/api/models/{Model}/score",
            """{"rows": [{"mean radius": 17.9, "clinic": "south", "age": 61, "id": "p7"}]}"""));

        // Raw [17.9, 0, 1, 61] → (x − 1)/2 = [8.45, −0.5, 0, 30] → per feature (x − m)/s:
        // [(8.45 − 0.5)/2, (−0.5 − 0.1)/0.5, (0 + 0.2)/0.25, (30 − 3)/4] = [3.975, −1.2, 0.8, 6.75].
        var expected = _classifier.Compute([3.975f, -1.2f, 0.8f, 6.75f], normalisations: 0);
        var prediction = body.GetProperty("predictions").EnumerateArray().Single();
        AssertPrediction(expected, prediction);
        Assert.False(prediction.TryGetProperty("unseen_categories", out _));
    }

    [Fact]
    public async Task Score_MissingValueAndUnseenCategory_ImputesAndEncodesZerosAndSaysWhich()
    {
        var body = await HttpAssert.OkJsonAsync(await PostAsync($"/api/models/{Model}/score",
            """{"rows": [{"mean radius": null, "clinic": "east", "age": "61"}, """
            + """{"mean radius": 1, "clinic": "north", "age": 2}]}"""));

        // mean radius → fill 14: (14 − 1)/2 = 6.5 → (6.5 − 0.5)/2 = 3; clinic east → [0, 0] → (−0.5 − 0.1)/0.5 =
        // −1.2 and (−0.5 + 0.2)/0.25 = −1.2; age "61" parses as 61 → 6.75.
        var predictions = body.GetProperty("predictions");
        AssertPrediction(_classifier.Compute([3f, -1.2f, -1.2f, 6.75f], normalisations: 0), predictions[0]);
        Assert.Equal(["clinic"], predictions[0].GetProperty("unseen_categories").EnumerateArray()
            .Select(c => c.GetString()));
        Assert.False(predictions[1].TryGetProperty("unseen_categories", out _));
    }

    [Fact]
    public async Task Score_RowByNameAndTheSameRowEncodedByHand_GiveOneAnswer()
    {
        var body = await HttpAssert.OkJsonAsync(await PostAsync($"/api/models/{Model}/score",
            """{"rows": [{"age": 30, "clinic": "north", "mean radius": 12.5}, [12.5, 1, 0, 30]]}"""));

        var predictions = body.GetProperty("predictions");
        Assert.Equal(predictions[1].GetProperty("probabilities").GetRawText(),
            predictions[0].GetProperty("probabilities").GetRawText());
        Assert.Equal(predictions[1].GetProperty("epistemic").GetDouble(), predictions[0].GetProperty("epistemic")
            .GetDouble());
    }

    [Theory]
    [InlineData("""{"mean radius": 1, "clinic": "north", "age": 2, "weight": 3}""", "weight")]
    [InlineData("""{"mean radius": 1, "age": 2}""", "clinic")]
    [InlineData("""{"mean radius": "wide", "clinic": "north", "age": 2}""", "mean radius")]
    [InlineData("""{"mean radius": 1, "clinic": 4, "age": 2}""", "clinic")]
    [InlineData("""{"mean radius": 1, "clinic": "north", "age": true}""", "age")]
    public async Task Score_BadColumn_Returns400NamingTheColumnAndTheRow(string badRow, string column)
    {
        var problem = await HttpAssert.ProblemAsync(await PostAsync($"/api/models/{Model}/score",
            $$"""{"rows": [{"mean radius": 1, "clinic": "north", "age": 2}, {{badRow}}]}"""),
            HttpStatusCode.BadRequest, "invalid-input");

        Assert.Equal(1, problem.GetProperty("row").GetInt32());
        Assert.Equal(column, problem.GetProperty("column_name").GetString());
        Assert.Contains($"'{column}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Row 1: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_RowByNameForAModelWithoutColumns_Returns400()
    {
        var problem = await HttpAssert.ProblemAsync(await PostAsync("/api/models/tiny/score",
            """{"rows": [{"x": 1}]}"""), HttpStatusCode.BadRequest, "invalid-input");

        Assert.Equal(0, problem.GetProperty("row").GetInt32());
        Assert.Contains("array of 4 numbers", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2Metadata_TabularModel_ListsTheFeatureNamesAndKeepsTheTensorInput()
    {
        var body = await HttpAssert.OkJsonAsync(await Client.GetAsync(new Uri($"/v2/models/{Model}",
            UriKind.Relative)));

        var parameters = body.GetProperty("parameters");
        Assert.Equal(["mean radius", "clinic", "age"], parameters.GetProperty("feature_names").EnumerateArray()
            .Select(n => n.GetString()));
        Assert.Equal(["mean radius", "clinic=north", "clinic=south", "age"], parameters.GetProperty("input_names")
            .EnumerateArray().Select(n => n.GetString()));
        var input = body.GetProperty("inputs").EnumerateArray().Single();
        Assert.Equal([-1L, 4L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact]
    public async Task V2Metadata_ImageModel_HasNoFeatureNames()
    {
        var body = await HttpAssert.OkJsonAsync(await Client.GetAsync(new Uri("/v2/models/tiny", UriKind.Relative)));

        Assert.False(body.TryGetProperty("parameters", out _));
    }

    private static void AssertPrediction(TinyClassifier.Expected expected, JsonElement prediction)
    {
        Assert.Equal(TinyClassifier.Classes[expected.Label], prediction.GetProperty("label").GetString());
        var probabilities = prediction.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble())
            .ToArray();
        for (var c = 0; c < probabilities.Length; c++)
        {
            Assert.Equal(expected.Probabilities[c], probabilities[c], 4);
        }

        Assert.Equal(1.0, probabilities.Sum(), 5);
        Assert.Equal(expected.Total, prediction.GetProperty("total").GetDouble(), 4);
        Assert.Equal(expected.Aleatoric, prediction.GetProperty("aleatoric").GetDouble(), 4);
        Assert.Equal(expected.Epistemic, prediction.GetProperty("epistemic").GetDouble(), 4);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
}
