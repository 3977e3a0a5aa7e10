using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hydra.Serving.Tests.OpenInference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hydra.Serving.Tests;

/// <summary>
/// <c>hydra serve</c> driven by an Open Inference Protocol client written from the spec, over a model the real
/// exporter wrote: what it reads equals the simple JSON route and ONNX Runtime run in process on the same graph.
/// </summary>
public sealed class OpenInferenceClientTests : IClassFixture<ExportedModelFixture>
{
    private const int Rows = 5;

    // The server normalises in its own order of float operations; entropies differ from this run's in the 7th digit.
    private const float Tolerance = 1e-5f;

    private readonly ExportedModelFixture _host;
    private readonly OipClient _client;

    public OpenInferenceClientTests(ExportedModelFixture host)
    {
        _host = host;
        _client = new OipClient(host.Client);
    }

    private static OipTensor Input(float[] pixels) =>
        new("input", "FP32", [pixels.Length / 784, 1, 28, 28], pixels);

    [Fact]
    public async Task Metadata_ServerAndModel_DescribeTheExportedGraph()
    {
        var server = await _client.ServerMetadataAsync();
        var model = await _client.ModelMetadataAsync(ExportedModelFixture.ModelName);

        Assert.True(await _client.IsLiveAsync());
        Assert.True(await _client.IsReadyAsync());
        Assert.True(await _client.IsModelReadyAsync(ExportedModelFixture.ModelName));
        Assert.False(await _client.IsModelReadyAsync("absent"));
        Assert.Equal("hydra", server.Name);
        Assert.Contains("binary_tensor_data", server.Extensions);
        Assert.Equal([Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(_host.OnnxPath)))],
            model.Versions);
        var input = Assert.Single(model.Inputs);
        Assert.Equal(("input", "FP32", "onnxruntime_onnx"), (input.Name, input.Datatype, model.Platform));
        Assert.Equal([-1L, 1, 28, 28], input.Shape);
        Assert.Equal("INT64", model.Outputs.Single(o => o.Name == "label").Datatype);
        Assert.Equal([-1L, 10], model.Outputs.Single(o => o.Name == "probabilities").Shape);
    }

    [Fact]
    public async Task Infer_BinaryInAndOut_EqualsJsonAndTheSimpleRouteAndAnInProcessRun()
    {
        var pixels = ExportedModelFixture.Pixels(Rows);

        var json = await _client.InferAsync(ExportedModelFixture.ModelName, [Input(pixels)], id: "j");
        var binary = await _client.InferAsync(ExportedModelFixture.ModelName, [Input(pixels)], binaryInputs: true,
            binaryOutputs: true, id: "b");
        var simple = await SimpleRouteProbabilitiesAsync(pixels);
        var reference = InProcess(pixels);

        Assert.Equal(("j", "b"), (json.Id, binary.Id));
        Assert.Empty(json.BinaryOutputs);
        Assert.Equal(json.Outputs.Select(o => o.Name), binary.BinaryOutputs);
        foreach (var output in json.Outputs)
        {
            Assert.Equal(output.Datatype, binary[output.Name].Datatype);
            Assert.Equal(output.Shape, binary[output.Name].Shape);
            Assert.Equal((IEnumerable<object>)output.Data.Cast<object>(), binary[output.Name].Data.Cast<object>());
        }

        var probabilities = binary["probabilities"].Floats;
        Assert.Equal(Rows * ExportedModelFixture.Classes, probabilities.Length);
        for (var i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(reference["probabilities"][i], probabilities[i], Tolerance);
            Assert.Equal(simple[i], probabilities[i], Tolerance);
        }

        Assert.Equal(reference["label"].Select(l => (long)l), binary["label"].Int64s);
        Assert.All(Enumerable.Range(0, Rows), r => Assert.Equal(reference["epistemic"][r],
            binary["epistemic"].Floats[r], Tolerance));
    }

    [Fact]
    public async Task Infer_BinaryAskedPerOutput_OnlyThoseComeAsBytesAndAnOutputsFalseWins()
    {
        var pixels = ExportedModelFixture.Pixels(2, seed: 3);

        var mixed = await _client.InferAsync(ExportedModelFixture.ModelName, [Input(pixels)],
            outputs: [("label", true), ("probabilities", false)]);
        var overridden = await _client.InferAsync(ExportedModelFixture.ModelName, [Input(pixels)],
            outputs: [("total", false), ("epistemic", true)], binaryOutputs: true);
        var reference = InProcess(pixels);

        Assert.Equal(["label"], mixed.BinaryOutputs);
        Assert.Equal(reference["label"].Select(l => (long)l), mixed["label"].Int64s);
        Assert.Equal(["epistemic"], overridden.BinaryOutputs);
        Assert.Equal(reference["total"][1], overridden["total"].Floats[1], Tolerance);
    }

    [Fact]
    public async Task Infer_VersionPrefixAndUnknownModel_AreAnsweredAsTheSpecSays()
    {
        var version = (await _client.ModelMetadataAsync(ExportedModelFixture.ModelName)).Versions[0];
        var pixels = ExportedModelFixture.Pixels(1);

        var versioned = await _client.InferAsync(ExportedModelFixture.ModelName, [Input(pixels)],
            version: version[..12]);
        var error = await Assert.ThrowsAsync<OipException>(() => _client.InferAsync("absent", [Input(pixels)]));

        Assert.Equal(version, versioned.ModelVersion);
        Assert.Equal(404, error.Status);
        Assert.Contains("absent", error.Error, StringComparison.Ordinal);
    }

    private async Task<float[]> SimpleRouteProbabilitiesAsync(float[] pixels)
    {
        var rows = pixels.Chunk(784).ToArray();
        using var response = await _host.Client.PostAsJsonAsync(
            $"/api/models/{ExportedModelFixture.ModelName}/score", new { rows });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("predictions").EnumerateArray()
            .SelectMany(p => p.GetProperty("probabilities").EnumerateArray().Select(v => v.GetSingle()))];
    }

    /// <summary>
    /// The exported graph run here by ONNX Runtime on the normalised pixels (as the graph takes them).
    /// </summary>
    private Dictionary<string, float[]> InProcess(float[] pixels)
    {
        var normalised = pixels.Select(p => (p - ExportedModelFixture.Mean) / ExportedModelFixture.Std).ToArray();
        using var session = new InferenceSession(_host.OnnxPath);
        var input = new DenseTensor<float>(normalised, [pixels.Length / 784, 1, 28, 28]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.ToDictionary(r => r.Name, r => r.Value is DenseTensor<long> labels
            ? [.. labels.Select(l => (float)l)]
            : ((DenseTensor<float>)r.Value).ToArray());
    }
}
