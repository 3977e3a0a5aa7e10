using System.Net;
using System.Text;

namespace Hydra.Serving.Tests;

public sealed class ScoringHttpTests : IClassFixture<ServingHostFixture>
{
    private readonly ServingHostFixture _host;

    public ScoringHttpTests(ServingHostFixture host)
    {
        _host = host;
    }

    [Fact]
    public async Task ListModels_FolderWithOneModel_ListsItFromItsManifest()
    {
        var body = await HttpAssert.OkJsonAsync(await _host.Client.GetAsync(new Uri("/api/models", UriKind.Relative)));

        var model = body.GetProperty("models").EnumerateArray().Single(m
            => m.GetProperty("name").GetString() == "tiny");
        Assert.Equal("tiny", model.GetProperty("model_id").GetString());
        Assert.Equal("hydra", model.GetProperty("kind").GetString());
        Assert.Equal(3, model.GetProperty("heads").GetInt32());
        Assert.Equal(["ant", "bee", "cat"], model.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0.5, model.GetProperty("metrics").GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public async Task GetModel_UnknownName_Returns404Problem()
    {
        await HttpAssert.ProblemAsync(await _host.Client.GetAsync(new Uri("/api/models/nope", UriKind.Relative)),
            HttpStatusCode.NotFound, "unknown-model");
    }

    [Fact]
    public async Task Score_RawRows_ReturnsLabelsProbabilitiesAndUncertainty()
    {
        float[] row = [4f, 1f, -2f, 0f];

        var body = await HttpAssert.OkJsonAsync(await PostAsync("/api/models/tiny/score",
            "{\"rows\": [[4, 1, -2, 0]]}"));

        var expected = _host.Classifier.Compute(row);
        Assert.Equal("tiny", body.GetProperty("model_id").GetString());
        var prediction = body.GetProperty("predictions").EnumerateArray().Single();
        Assert.Equal(TinyClassifier.Classes[expected.Label], prediction.GetProperty("label").GetString());
        Assert.Equal(expected.Label, prediction.GetProperty("label_index").GetInt32());
        Assert.Equal(expected.Probabilities[2], prediction.GetProperty("probabilities")[2].GetDouble(), 5);
        Assert.Equal(expected.Total, prediction.GetProperty("total").GetDouble(), 5);
        Assert.Equal(expected.Aleatoric, prediction.GetProperty("aleatoric").GetDouble(), 5);
        Assert.Equal(expected.Epistemic, prediction.GetProperty("epistemic").GetDouble(), 5);
        Assert.False(prediction.TryGetProperty("heads", out _));
    }

    [Fact]
    public async Task Score_IncludeHeads_ReturnsPerHeadProbabilities()
    {
        var body = await HttpAssert.OkJsonAsync(await PostAsync("/api/models/tiny/score",
            "{\"rows\": [[[4, 1], [-2, 0]]], \"include_heads\": true}"));

        var heads = body.GetProperty("predictions")[0].GetProperty("heads");
        var expected = _host.Classifier.Compute([4f, 1f, -2f, 0f]);
        Assert.Equal(TinyClassifier.Heads, heads.GetArrayLength());
        Assert.Equal(expected.Heads[1][0], heads[1][0].GetDouble(), 5);
    }

    [Fact]
    public async Task Score_RowOfWrongWidth_Returns400ProblemNamingTheRow()
    {
        var problem = await HttpAssert.ProblemAsync(await PostAsync("/api/models/tiny/score",
            "{\"rows\": [[1, 2, 3, 4], [1, 2, 3, 4, 5], [1, 2, 3, 4]]}"), HttpStatusCode.BadRequest, "invalid-input");

        Assert.Equal(1, problem.GetProperty("row").GetInt32());
    }

    [Theory]
    [InlineData("{\"rows\": []}")]
    [InlineData("{\"rows\": [[1, 2, 3]]}")]
    [InlineData("{\"rows\": [[1, 2, 3, 4, 5]]}")]
    [InlineData("{\"rows\": [1, 2, 3, 4]}")]
    [InlineData("{\"rows\": [[1, 2, 3, \"a\"]]}")]
    [InlineData("{\"rows\": [[1, 2, 3, 1e999]]}")]
    [InlineData("{\"rows\": [[1, 2, 3, 4]], \"include_heads\": \"yes\"}")]
    [InlineData("{\"rows\": [[1, 2, 3, 4]")]
    [InlineData("")]
    [InlineData("{\"rows\": [[1, 2, 3, 4]]} trailing")]
    public async Task Score_BadBody_Returns400Problem(string body)
    {
        await HttpAssert.ProblemAsync(await PostAsync("/api/models/tiny/score", body), HttpStatusCode.BadRequest,
            "invalid-input");
    }

    [Fact]
    public async Task Score_UnknownModel_Returns404Problem()
    {
        await HttpAssert.ProblemAsync(await PostAsync("/api/models/nope/score", "{\"rows\": [[1, 2, 3, 4]]}"),
            HttpStatusCode.NotFound, "unknown-model");
    }

    [Fact]
    public async Task Score_ModelExportedWhileServing_IsServedWithoutRestart()
    {
        new TinyClassifier(scale: 0.5f).Write(_host.ModelsPath, "late");

        var body = await HttpAssert.OkJsonAsync(await PostAsync("/api/models/late/score",
            "{\"rows\": [[1, 2, 3, 4]]}"));

        var expected = new TinyClassifier(scale: 0.5f).Compute([1f, 2f, 3f, 4f]);
        Assert.Equal(expected.Total, body.GetProperty("predictions")[0].GetProperty("total").GetDouble(), 5);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _host.Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }
}
