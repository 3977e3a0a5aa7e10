using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Tests;

/// <summary>The Open Inference Protocol's server metadata, versioned routes and pass-through parameters.</summary>
public sealed class InferenceProtocolVersionTests : IClassFixture<ServingHostFixture>
{
    private static readonly float[] Row = [0.5f, -1f, 2f, 3f];

    private readonly ServingHostFixture _host;

    public InferenceProtocolVersionTests(ServingHostFixture host)
    {
        _host = host;
    }

    /// <summary>
    /// The served version as the protocol names it: the SHA-256 of the model.onnx on disk, computed here.
    /// </summary>
    private string Sha256 => Convert.ToHexStringLower(
        SHA256.HashData(File.ReadAllBytes(Path.Combine(_host.ModelsPath, "tiny", "model.onnx"))));

    [Fact]
    public async Task ServerMetadata_V2_NamesTheServerItsVersionAndTheBinaryExtension()
    {
        var body = await HttpAssert.OkJsonAsync(await _host.Client.GetAsync(new Uri("/v2", UriKind.Relative)));

        Assert.Equal("hydra", body.GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", body.GetProperty("version").GetString());
        Assert.Equal(["binary_tensor_data"], body.GetProperty("extensions").EnumerateArray().Select(e
            => e.GetString()));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(12)]
    [InlineData(ModelVersions.MinPrefixLength)]
    public async Task VersionedMetadataAndReady_ServedVersionOrItsPrefix_Answer(int length)
    {
        var version = Sha256[..length];

        var metadata = await HttpAssert.OkJsonAsync(await GetAsync($"/v2/models/tiny/versions/{version}"));
        var ready = await HttpAssert.OkJsonAsync(await GetAsync(
            $"/v2/models/tiny/versions/{version.ToUpperInvariant()}/ready"));

        Assert.Equal(Sha256, metadata.GetProperty("versions")[0].GetString());
        Assert.True(ready.GetProperty("ready").GetBoolean());
    }

    [Theory]
    [InlineData("0000000000000000")]
    [InlineData("abc")]
    public async Task VersionedRoutes_VersionNotServed_Are404NamingTheServedVersion(string version)
    {
        var metadata = await GetAsync($"/v2/models/tiny/versions/{version}");
        var infer = await PostAsync($"/v2/models/tiny/versions/{version}/infer", Request(parameters: null));

        var problem = await HttpAssert.ProblemAsync(metadata, HttpStatusCode.NotFound, "unknown-model-version");
        await HttpAssert.ProblemAsync(infer, HttpStatusCode.NotFound, "unknown-model-version");
        Assert.Contains(Sha256, problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionedInfer_ServedVersion_MatchesTheUnversionedRouteAndEchoesParameters()
    {
        var parameters = """{"priority": 2, "tag": "batch-7", "nested": {"ok": true}}""";

        var versioned = await HttpAssert.OkJsonAsync(
            await PostAsync($"/v2/models/tiny/versions/{Sha256[..12]}/infer", Request(parameters)));
        var plain = await HttpAssert.OkJsonAsync(await PostAsync("/v2/models/tiny/infer", Request(parameters: null)));

        Assert.Equal(Sha256, versioned.GetProperty("model_version").GetString());
        Assert.Equal(Probabilities(plain), Probabilities(versioned));
        var echoed = versioned.GetProperty("parameters");
        Assert.Equal(2, echoed.GetProperty("priority").GetInt32());
        Assert.Equal("batch-7", echoed.GetProperty("tag").GetString());
        Assert.True(echoed.GetProperty("nested").GetProperty("ok").GetBoolean());
        Assert.False(plain.TryGetProperty("parameters", out _));
    }

    [Fact]
    public async Task Infer_ParametersNotAnObject_Is400()
    {
        var response = await PostAsync("/v2/models/tiny/infer", Request("[1, 2]"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, InvalidInputException.ErrorCode);
    }

    private static string Request(string? parameters)
    {
        var data = string.Join(",", Row.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var inputs = $$"""{"inputs": [{"name": "input", "shape": [1, 2, 2], "datatype": "FP32", "data": [{{data}}]}]""";
        return parameters is null ? inputs + "}" : $"{inputs}, \"parameters\": {parameters}}}";
    }

    private static float[] Probabilities(JsonElement body) => body.GetProperty("outputs").EnumerateArray()
        .Single(o => o.GetProperty("name").GetString() == "probabilities")
        .GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private Task<HttpResponseMessage> GetAsync(string path) => _host.Client.GetAsync(new Uri(path, UriKind.Relative));

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _host.Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }
}
