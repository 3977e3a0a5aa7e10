using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hydra.Serving.Tests;

/// <summary>
/// The binary tensor data extension over real HTTP: a JSON header of Inference-Header-Content-Length bytes, then the
/// input's raw little-endian FP32 values.
/// </summary>
public sealed class BinaryTensorDataTests : IClassFixture<ServingHostFixture>
{
    private static readonly float[] Values = [0.5f, -1f, 2f, 3f, 4f, 1f, -2f, 0f];

    private readonly ServingHostFixture _host;

    public BinaryTensorDataTests(ServingHostFixture host)
    {
        _host = host;
    }

    [Fact]
    public async Task Infer_BinaryInput_GivesTheSameOutputsAsTheJsonRequest()
    {
        var binary = await HttpAssert.OkJsonAsync(await PostBinaryAsync(Header(Values.Length * 4), Bytes(Values)));
        var json = await HttpAssert.OkJsonAsync(await PostJsonAsync(
            InferenceProtocolHttpTests.InferRequest([2, 2, 2], Values, id: "bin-1")));

        Assert.Equal("bin-1", binary.GetProperty("id").GetString());
        Assert.Equal(Floats(json, "probabilities"), Floats(binary, "probabilities"));
        Assert.Equal(Floats(json, "epistemic"), Floats(binary, "epistemic"));
        var expected = _host.Classifier.Compute(Values[..4]).Probabilities;
        Assert.Equal(expected[0], Floats(binary, "probabilities")[0], 5);
    }

    [Theory]
    [InlineData(28, "need 32")]
    [InlineData(36, "need 32")]
    public async Task Infer_BinaryDataSizeNotTheShapes_Is400NamingBoth(int size, string expected)
    {
        var response = await PostBinaryAsync(Header(size), Bytes(Values));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_FewerBytesThanDeclared_Is400()
    {
        var response = await PostBinaryAsync(Header(32), Bytes(Values[..7]));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
        Assert.Contains("28 bytes after the JSON header", problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_NaNInTheBinaryData_Is400WithRowAndColumn()
    {
        var values = (float[])Values.Clone();
        values[6] = float.NaN;

        var response = await PostBinaryAsync(Header(32), Bytes(values));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
        Assert.Equal(1, problem.GetProperty("row").GetInt32());
        Assert.Equal(2, problem.GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Infer_HeaderLengthBeyondTheBody_Is400()
    {
        var header = Header(32);
        using var content = new ByteArrayContent([.. header, .. Bytes(Values)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", "100000");

        var response = await _host.Client.PostAsync(new Uri("/v2/models/tiny/infer", UriKind.Relative), content);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
    }

    [Fact]
    public async Task Infer_DataAndBinarySizeBoth_Is400()
    {
        var header = Encoding.UTF8.GetBytes("""
            {"inputs": [{"name": "input", "shape": [2, 2, 2], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6, 7, 8],
            "parameters": {"binary_data_size": 32}}]}
            """);

        var response = await PostBinaryAsync(header, Bytes(Values));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
    }

    private static byte[] Header(int binaryDataSize) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        id = "bin-1",
        inputs = new[]
        {
            new
            {
                name = "input",
                shape = new[] { 2, 2, 2 },
                datatype = "FP32",
                parameters = new Dictionary<string, int> { ["binary_data_size"] = binaryDataSize },
            },
        },
    }));

    /// <summary>
    /// Little-endian float32 bytes, written one value at a time (independent of the reader's span cast).
    /// </summary>
    private static byte[] Bytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    private async Task<HttpResponseMessage> PostBinaryAsync(byte[] header, byte[] data)
    {
        using var content = new ByteArrayContent([.. header, .. data]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(
            System.Globalization.CultureInfo.InvariantCulture));
        return await _host.Client.PostAsync(new Uri("/v2/models/tiny/infer", UriKind.Relative), content);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _host.Client.PostAsync(new Uri("/v2/models/tiny/infer", UriKind.Relative), content);
    }

    private static float[] Floats(JsonElement body, string output) => body.GetProperty("outputs").EnumerateArray()
        .Single(o => o.GetProperty("name").GetString() == output)
        .GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
}
