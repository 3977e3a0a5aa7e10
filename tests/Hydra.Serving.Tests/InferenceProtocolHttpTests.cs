using System.Net;
using System.Text;
using System.Text.Json;

namespace Hydra.Serving.Tests;

public sealed class InferenceProtocolHttpTests : IClassFixture<ServingHostFixture>
{
    private static readonly JsonSerializerOptions OmitNulls = new()
    { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static readonly float[][] Rows = [[0.5f, -1f, 2f, 3f], [4f, 1f, -2f, 0f]];

    private readonly ServingHostFixture _host;

    public InferenceProtocolHttpTests(ServingHostFixture host)
    {
        _host = host;
    }

    [Theory]
    [InlineData("/v2/health/live", "live")]
    [InlineData("/v2/health/ready", "ready")]
    [InlineData("/v2/models/tiny/ready", "ready")]
    public async Task Health_RunningServer_ReportsTrue(string path, string member)
    {
        var response = await _host.Client.GetAsync(new Uri(path, UriKind.Relative));

        var body = await HttpAssert.OkJsonAsync(response);
        Assert.True(body.GetProperty(member).GetBoolean());
    }

    [Fact]
    public async Task ModelMetadata_KnownModel_DescribesTensors()
    {
        var response = await _host.Client.GetAsync(new Uri("/v2/models/tiny", UriKind.Relative));

        var body = await HttpAssert.OkJsonAsync(response);
        Assert.Equal("tiny", body.GetProperty("name").GetString());
        Assert.Equal("onnxruntime_onnx", body.GetProperty("platform").GetString());
        Assert.Equal(64, body.GetProperty("versions")[0].GetString()!.Length);
        var input = body.GetProperty("inputs")[0];
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 2, 2], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var label = body.GetProperty("outputs").EnumerateArray().Single(o
            => o.GetProperty("name").GetString() == "label");
        Assert.Equal("INT64", label.GetProperty("datatype").GetString());
    }

    [Fact]
    public async Task Infer_FlatRawData_ReturnsReferenceOutputs()
    {
        var request = InferRequest([2, 2, 2], Rows.SelectMany(r => r).ToArray(), id: "req-1");

        var body = await HttpAssert.OkJsonAsync(await PostAsync("/v2/models/tiny/infer", request));

        Assert.Equal("tiny", body.GetProperty("model_name").GetString());
        Assert.Equal("req-1", body.GetProperty("id").GetString());
        var probabilities = Output(body, "probabilities");
        Assert.Equal([2L, 3], probabilities.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var data = probabilities.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var r = 0; r < Rows.Length; r++)
        {
            var expected = _host.Classifier.Compute(Rows[r]);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected.Probabilities[c], data[r * 3 + c], 5);
            }

            Assert.Equal(expected.Label, Output(body, "label").GetProperty("data")[r].GetInt64());
            Assert.Equal(expected.Epistemic, Output(body, "epistemic").GetProperty("data")[r].GetDouble(), 5);
        }

        Assert.Equal("INT64", Output(body, "label").GetProperty("datatype").GetString());
    }

    [Fact]
    public async Task Infer_NestedData_SameAsFlat()
    {
        var nested = new
        {
            inputs = new[] { new { name = "input", shape = new[] { 2, 2, 2 }, datatype = "FP32",
            data = Rows.Select(r => new[] { r[..2], r[2..] }).ToArray() } }
        };
        var flat = InferRequest([2, 4], Rows.SelectMany(r => r).ToArray());

        var fromNested = await HttpAssert.OkJsonAsync(await PostAsync("/v2/models/tiny/infer",
            JsonSerializer.Serialize(nested)));
        var fromFlat = await HttpAssert.OkJsonAsync(await PostAsync("/v2/models/tiny/infer", flat));

        Assert.Equal(Output(fromFlat, "total").GetProperty("data").GetRawText(), Output(fromNested,
            "total").GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Infer_RequestedOutputs_ReturnsOnlyThose()
    {
        var request = InferRequest([1, 2, 2], Rows[0], outputs: ["epistemic", "label"]);

        var body = await HttpAssert.OkJsonAsync(await PostAsync("/v2/models/tiny/infer", request));

        Assert.Equal(["epistemic", "label"], body.GetProperty("outputs").EnumerateArray().Select(o
            => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Infer_WrongDatatype_Returns400Problem()
    {
        var request = InferRequest([1, 2, 2], Rows[0], datatype: "INT32");

        await HttpAssert.ProblemAsync(await PostAsync("/v2/models/tiny/infer", request), HttpStatusCode.BadRequest,
            "invalid-input");
    }

    [Theory]
    [InlineData(new[] { 1, 4, 1 })]
    [InlineData(new[] { 1, 3 })]
    [InlineData(new[] { 2, 2, 2 })]
    public async Task Infer_ShapeNotFittingDataOrModel_Returns400Problem(int[] shape)
    {
        var request = InferRequest(shape, Rows[0]);

        await HttpAssert.ProblemAsync(await PostAsync("/v2/models/tiny/infer", request), HttpStatusCode.BadRequest,
            "invalid-input");
    }

    [Fact]
    public async Task Infer_NotANumber_Returns400ProblemNamingRowAndColumn()
    {
        const string request = """
            {"inputs":[{"name":"input","shape":[2,2,2],"datatype":"FP32","data":[1,2,3,4,5,"NaN",7,8]}]}
            """;

        var problem = await HttpAssert.ProblemAsync(await PostAsync("/v2/models/tiny/infer", request),
            HttpStatusCode.BadRequest, "invalid-input");

        Assert.Equal(1, problem.GetProperty("row").GetInt32());
        Assert.Equal(1, problem.GetProperty("column").GetInt32());
    }

    [Theory]
    [InlineData("{\"inputs\": [")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}")]
    [InlineData("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],"
        + "\"outputs\":[{\"name\":\"logits\"}]}")]
    [InlineData("{\"inputs\":[{\"name\":\"input\",\"shape\":[0,4],\"datatype\":\"FP32\",\"data\":[]}]}")]
    public async Task Infer_MalformedRequest_Returns400Problem(string body)
    {
        await HttpAssert.ProblemAsync(await PostAsync("/v2/models/tiny/infer", body), HttpStatusCode.BadRequest,
            "invalid-input");
    }

    [Fact]
    public async Task Infer_UnknownModel_Returns404Problem()
    {
        var request = InferRequest([1, 2, 2], Rows[0]);

        await HttpAssert.ProblemAsync(await PostAsync("/v2/models/nope/infer", request), HttpStatusCode.NotFound,
            "unknown-model");
    }

    [Fact]
    public async Task Infer_MoreRowsThanBound_Returns413Problem()
    {
        var rows = ServingHostFixture.MaxBatchRows + 1;
        var request = InferRequest([rows, 4], new float[rows * 4]);

        var problem = await HttpAssert.ProblemAsync(await PostAsync("/v2/models/tiny/infer", request),
            HttpStatusCode.RequestEntityTooLarge, "batch-too-large");

        Assert.Equal(ServingHostFixture.MaxBatchRows, problem.GetProperty("max_rows").GetInt32());
    }

    [Fact]
    public async Task Infer_BodyLargerThanBound_Returns413Problem()
    {
        var request = "{\"inputs\":[],\"padding\":\"" + new string('x',
            (int)ServingHostFixture.MaxRequestBytes) + "\"}";

        var response = await PostAsync("/v2/models/tiny/infer", request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.True(response.Headers.ConnectionClose,
            "a refused body must close the connection, so pooled clients do not reuse it");
    }

    [Fact]
    public async Task Infer_ChunkedBodyLargerThanBound_Returns413Problem()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"inputs\":[],\"padding\":\"" + new string('x',
            (int)ServingHostFixture.MaxRequestBytes) + "\"}");
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri("/v2/models/tiny/infer",
            UriKind.Relative))
        { Content = content };
        message.Headers.TransferEncodingChunked = true;

        var response = await _host.Client.SendAsync(message);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    internal static string InferRequest(int[] shape, float[] data, string datatype = "FP32", string? id = null,
        string[]? outputs = null) =>
        JsonSerializer.Serialize(new
        {
            id,
            inputs = new[] { new { name = "input", shape, datatype, data } },
            outputs = outputs?.Select(o => new { name = o }).ToArray(),
        }, OmitNulls);

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _host.Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static JsonElement Output(JsonElement body, string name) =>
        body.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);
}
