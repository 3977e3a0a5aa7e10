using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hydra.Serving.Tests.OpenInference;

/// <summary>
/// An Open Inference Protocol (KServe V2) REST client written from the protocol's text (health, metadata, inference;
/// the binary tensor data extension for inputs and outputs), not from this server's handlers: it only knows the
/// routes, the JSON shapes and the headers the spec names.
/// </summary>
internal sealed class OipClient(HttpClient http)
{
    private const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>The spec: health is the status code alone, 200 for true.</summary>
    public async Task<bool> IsLiveAsync() => (await GetAsync("v2/health/live")).IsSuccessStatusCode;

    public async Task<bool> IsReadyAsync() => (await GetAsync("v2/health/ready")).IsSuccessStatusCode;

    public async Task<bool> IsModelReadyAsync(string model, string? version = null) =>
        (await GetAsync(ModelPath(model, version) + "/ready")).IsSuccessStatusCode;

    public async Task<OipServerMetadata> ServerMetadataAsync()
    {
        var json = await JsonAsync(await GetAsync("v2"));
        return new OipServerMetadata((string)json["name"]!, (string)json["version"]!,
            [.. json["extensions"]!.AsArray().Select(e => (string)e!)]);
    }

    public async Task<OipModelMetadata> ModelMetadataAsync(string model, string? version = null)
    {
        var json = await JsonAsync(await GetAsync(ModelPath(model, version)));
        static OipTensorMetadata[] Tensors(JsonNode? node) => [.. node!.AsArray().Select(t => new OipTensorMetadata(
            (string)t!["name"]!, (string)t["datatype"]!, [.. t["shape"]!.AsArray().Select(d => (long)d!)]))];
        return new OipModelMetadata((string)json["name"]!,
            [.. (json["versions"]?.AsArray() ?? []).Select(v => (string)v!)], (string)json["platform"]!,
            Tensors(json["inputs"]), Tensors(json["outputs"]));
    }

    /// <param name="binaryInputs">Send every input's data as bytes after the JSON header instead of JSON.</param>
    /// <param name="outputs">Outputs to ask for by name (null: all), each with whether it comes as binary.</param>
    /// <param name="binaryOutputs">Ask for every output as binary (the request's binary_data_output).</param>
    public async Task<OipInferResult> InferAsync(string model, IReadOnlyList<OipTensor> inputs,
        bool binaryInputs = false, IReadOnlyList<(string Name, bool Binary)>? outputs = null,
        bool binaryOutputs = false, string? id = null, string? version = null)
    {
        var request = new JsonObject();
        if (id is not null)
        {
            request["id"] = id;
        }

        if (binaryOutputs)
        {
            request["parameters"] = new JsonObject { ["binary_data_output"] = true };
        }

        var blobs = new List<byte[]>();
        var inputArray = new JsonArray();
        foreach (var input in inputs)
        {
            var entry = new JsonObject
            {
                ["name"] = input.Name,
                ["shape"] = new JsonArray([.. input.Shape.Select(d => JsonValue.Create(d))]),
                ["datatype"] = input.Datatype,
            };
            if (binaryInputs)
            {
                var bytes = input.ToBytes();
                blobs.Add(bytes);
                entry["parameters"] = new JsonObject { ["binary_data_size"] = bytes.Length };
            }
            else
            {
                entry["data"] = input.ToJsonData();
            }

            inputArray.Add(entry);
        }

        request["inputs"] = inputArray;
        if (outputs is not null)
        {
            request["outputs"] = new JsonArray([.. outputs.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Name,
                ["parameters"] = new JsonObject { ["binary_data"] = o.Binary },
            })]);
        }

        var header = Encoding.UTF8.GetBytes(request.ToJsonString());
        using var content = new ByteArrayContent([.. header, .. blobs.SelectMany(b => b)]);
        if (blobs.Count > 0)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.Add(HeaderLength, header.Length.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await http.PostAsync(new Uri(ModelPath(model, version) + "/infer", UriKind.Relative),
            content);
        return await ParseInferResponseAsync(response);
    }

    /// <summary>
    /// The JSON header is the whole body, or the first Inference-Header-Content-Length bytes of it; each output with
    /// parameters.binary_data_size takes that many bytes after it, in the order of the outputs.
    /// </summary>
    private static async Task<OipInferResult> ParseInferResponseAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        ThrowIfError(response, body);
        var headerLength = response.Headers.TryGetValues(HeaderLength, out var values)
            ? int.Parse(values.Single(), CultureInfo.InvariantCulture)
            : body.Length;
        var json = JsonNode.Parse(body.AsSpan(0, headerLength))!.AsObject();
        var offset = headerLength;
        var outputs = new List<OipTensor>();
        var binary = new List<string>();
        foreach (var output in json["outputs"]!.AsArray())
        {
            var name = (string)output!["name"]!;
            var datatype = (string)output["datatype"]!;
            long[] shape = [.. output["shape"]!.AsArray().Select(d => (long)d!)];
            if (output["parameters"]?["binary_data_size"] is { } size)
            {
                var length = (int)size;
                outputs.Add(OipTensor.FromBytes(name, datatype, shape, body.AsSpan(offset, length)));
                binary.Add(name);
                offset += length;
            }
            else
            {
                outputs.Add(OipTensor.FromJson(name, datatype, shape, output["data"]!));
            }
        }

        if (offset != body.Length)
        {
            throw new FormatException($"The body has {body.Length - offset} bytes no output accounts for.");
        }

        return new OipInferResult((string)json["model_name"]!, (string?)json["model_version"], (string?)json["id"],
            outputs, binary);
    }

    private static string ModelPath(string model, string? version) =>
        version is null ? $"v2/models/{model}" : $"v2/models/{model}/versions/{version}";

    private async Task<HttpResponseMessage> GetAsync(string path) =>
        await http.GetAsync(new Uri(path, UriKind.Relative));

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        ThrowIfError(response, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The spec's error response: a non-2xx status with <c>{"error": $string}</c>.</summary>
    private static void ThrowIfError(HttpResponseMessage response, byte[] body)
    {
        if (!response.IsSuccessStatusCode)
        {
            var error = JsonNode.Parse(body)?["error"]?.GetValue<string>() ?? "(no error member)";
            throw new OipException((int)response.StatusCode, error);
        }
    }
}
