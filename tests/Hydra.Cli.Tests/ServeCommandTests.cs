using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Hydra.Cli.Tests;

/// <summary>HTTP through the real <c>hydra serve</c> process, both protocols, good and malformed requests.</summary>
public sealed class ServeCommandTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task Score_RowsOnAnArmAndInAGap_ReturnsTheArmAndMoreEpistemicUncertaintyInTheGap()
    {
        // (0.6·cos 2.4, 0.6·sin 2.4) lies on arm 0 at radius 0.6; the gap point sits midway in angle to arm 1.
        var onArm = new[] { 0.6 * Math.Cos(2.4), 0.6 * Math.Sin(2.4) };
        var inGap = new[] { 0.6 * Math.Cos(2.4 + (Math.PI / 3)), 0.6 * Math.Sin(2.4 + (Math.PI / 3)) };

        using var response = await serve.Http.PostAsJsonAsync("/api/models/spirals-hydra/score",
            new { rows = new[] { onArm, inGap }, include_heads = true });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = body.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal("arm0", predictions[0].GetProperty("label").GetString());
        Assert.All(predictions, p => Assert.Equal(1.0, p.GetProperty("probabilities").EnumerateArray().Sum(v
            => v.GetDouble()), 5));
        Assert.All(predictions, p => Assert.Equal(3, p.GetProperty("heads").GetArrayLength()));
        Assert.True(predictions[1].GetProperty("epistemic").GetDouble() > predictions[0].GetProperty(
            "epistemic").GetDouble());
    }

    [Fact]
    public async Task Infer_V2Tensor_ReturnsTheRequestedOutputsWithShapes()
    {
        var request = new
        {
            id = "r1",
            inputs = new[] { new { name = "input", shape = new[] { 2, 2 }, datatype = "FP32", data = new[] { 0.1, 0.2,
                -0.3, 0.4 } } },
            outputs = new[] { new { name = "epistemic" }, new { name = "label" } },
        };

        using var response = await serve.Http.PostAsJsonAsync("/v2/models/spirals-hydra/infer", request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("r1", body.RootElement.GetProperty("id").GetString());
        var outputs = body.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(o
            => o.GetProperty("name").GetString()!);
        Assert.Equal(["epistemic", "label"], outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("INT64", outputs["label"].GetProperty("datatype").GetString());
        Assert.Equal([2], outputs["epistemic"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Theory]
    [InlineData("/api/models/spirals-hydra/score", "{\"rows\": [[1, 2, 3]]}", 400)]
    [InlineData("/api/models/spirals-hydra/score", "{\"rows\": [[1, \"x\"]]}", 400)]
    [InlineData("/api/models/spirals-hydra/score", "{ not json", 400)]
    [InlineData("/api/models/nope/score", "{\"rows\": [[1, 2]]}", 404)]
    [InlineData("/v2/models/spirals-hydra/infer",
        "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\": [1, 2]}]}", 400)]
    [InlineData("/v2/models/spirals-hydra/infer",
        "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}", 400)]
    public async Task Post_MalformedRequest_IsAProblemResponseNeverA500(string path, string json, int status)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await serve.Http.PostAsync(path, content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
    }
}
