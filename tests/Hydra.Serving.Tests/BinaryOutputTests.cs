using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Hydra.Serving.Http;

namespace Hydra.Serving.Tests;

/// <summary>
/// The binary tensor data extension for outputs, read byte by byte: a JSON header of Inference-Header-Content-Length
/// bytes, then each binary output's little-endian values.
/// </summary>
public sealed class BinaryOutputTests : IClassFixture<ServingHostFixture>
{
    private static readonly float[] Values = [0.5f, -1f, 2f, 3f, 4f, 1f, -2f, 0f];

    private readonly ServingHostFixture _host;

    public BinaryOutputTests(ServingHostFixture host)
    {
        _host = host;
    }

    [Fact]
    public async Task Infer_BinaryDataOutput_IsAJsonHeaderThenTheBytesOfEachOutput()
    {
        var response = await PostAsync("""
            {"parameters": {"binary_data_output": true}, "outputs": [{"name": "probabilities"}, {"name": "label"}],
             "inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [0.5, -1, 2, 3, 4, 1, -2, 0]}]}
            """);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var headerLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(headerLength + (2 * 3 * 4) + (2 * 8), body.Length);
        using var header = JsonDocument.Parse(body.AsMemory(0, headerLength));
        var outputs = header.RootElement.GetProperty("outputs");
        Assert.Equal(24, outputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        Assert.Equal(16, outputs[1].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        Assert.All(outputs.EnumerateArray(), o => Assert.False(o.TryGetProperty("data", out _)));
        Assert.True(header.RootElement.GetProperty("parameters").GetProperty("binary_data_output").GetBoolean());

        for (var row = 0; row < 2; row++)
        {
            var expected = _host.Classifier.Compute(Values[(row * 4)..((row + 1) * 4)]);
            for (var c = 0; c < 3; c++)
            {
                var offset = headerLength + (((row * 3) + c) * 4);
                Assert.Equal(expected.Probabilities[c], BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(offset)),
                    5);
            }

            var label = BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(headerLength + 24 + (row * 8)));
            Assert.Equal(expected.Label, label);
        }
    }

    [Fact]
    public async Task Infer_NoBinaryAsked_StaysJson()
    {
        var response = await PostAsync("""
            {"outputs": [{"name": "label", "parameters": {"binary_data": false}}],
             "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [0.5, -1, 2, 3]}]}
            """);

        var body = await HttpAssert.OkJsonAsync(response);
        Assert.False(response.Headers.Contains("Inference-Header-Content-Length"));
        Assert.Equal(_host.Classifier.Compute(Values[..4]).Label,
            body.GetProperty("outputs")[0].GetProperty("data")[0].GetInt64());
    }

    [Theory]
    [InlineData("{\"parameters\": {\"binary_data_output\": \"yes\"}, ")]
    [InlineData("{\"outputs\": [{\"name\": \"label\", \"parameters\": {\"binary_data\": 1}}], ")]
    public async Task Infer_BinaryFlagNotABoolean_Is400(string start)
    {
        var response = await PostAsync(start
            + "\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\", "
            + "\"data\": [0.5, -1, 2, 3]}]}");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-input");
        Assert.Contains("must be true or false", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BOOL", new byte[] { 1, 0, 1 })]
    [InlineData("INT64", new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 0, 1, 0, 0, 0,
        0, 0, 0 })]
    [InlineData("FP32", new byte[] { 0, 0, 128, 63, 0, 0, 0, 192, 0, 0, 0, 0 })]
    public void Bytes_EachDatatype_IsLittleEndianAtItsNativeSize(string datatype, byte[] expected)
    {
        object data = datatype switch
        {
            "BOOL" => new[] { true, false, true },
            "INT64" => new[] { 2L, -1L, 256L },
            _ => new[] { 1f, -2f, 0f },
        };

        var bytes = BinaryOutputs.Bytes(new InferenceOutput("o", [3], datatype, data));

        Assert.Equal(expected, bytes.ToArray());
    }

    [Fact]
    public void Bytes_DataNotOfTheDatatype_Throws()
    {
        var output = new InferenceOutput("o", [2], "INT64", new[] { 1f, 2f });

        Assert.Throws<InvalidOperationException>(() => BinaryOutputs.Bytes(output));
    }

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _host.Client.PostAsync(new Uri("/v2/models/tiny/infer", UriKind.Relative), content);
    }
}
