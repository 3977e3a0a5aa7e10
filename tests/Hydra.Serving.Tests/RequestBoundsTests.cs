using System.Globalization;
using System.Net;
using System.Text;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Tests;

/// <summary>
/// The default bounds agree: the most rows a request may hold, as 28×28 images in JSON with 9 significant digits,
/// fit the default body bound, so a caller meets the row bound (413 batch-too-large), not the byte bound.
/// </summary>
public sealed class RequestBoundsTests : IClassFixture<ExportedModelFixture>
{
    private readonly ExportedModelFixture _host;

    public RequestBoundsTests(ExportedModelFixture host)
    {
        _host = host;
    }

    [Fact]
    public async Task Infer_MaxBatchRowsImagesAsJson_FitTheDefaultByteBoundAndAreScored()
    {
        var defaults = new ScoringOptions();
        var json = InferRequest(defaults.MaxBatchRows);

        var response = await PostAsync(json);

        Assert.True(json.Length <= defaults.MaxRequestBytes,
            $"{defaults.MaxBatchRows} rows are {json.Length} bytes; the bound is {defaults.MaxRequestBytes}");
        var body = await HttpAssert.OkJsonAsync(response);
        var label = body.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString()
            == "label");
        Assert.Equal(defaults.MaxBatchRows, label.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Infer_OneRowMoreThanMaxBatchRows_Is413BatchTooLargeNotPayloadTooLarge()
    {
        var defaults = new ScoringOptions();
        var json = InferRequest(defaults.MaxBatchRows + 1);

        var response = await PostAsync(json);

        Assert.True(json.Length <= defaults.MaxRequestBytes, $"{json.Length} bytes");
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "batch-too-large");
        Assert.Equal(defaults.MaxBatchRows, problem.GetProperty("max_rows").GetInt32());
    }

    /// <summary>
    /// A V2 request of image rows whose pixels (k/255, as an 8-bit image scaled to [0, 1]) are written with 9
    /// significant digits, the most a float needs to round-trip ("0.537254930").
    /// </summary>
    private static byte[] InferRequest(int rows)
    {
        var pixels = ExportedModelFixture.Pixels(rows);
        var json = new StringBuilder(rows * 784 * 12);
        json.Append(CultureInfo.InvariantCulture,
            $"{{\"inputs\": [{{\"name\": \"input\", \"shape\": [{rows}, 784], \"datatype\": \"FP32\", \"data\": [");
        for (var i = 0; i < pixels.Length; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(pixels[i].ToString("G9", CultureInfo.InvariantCulture));
        }

        return Encoding.UTF8.GetBytes(json.Append("]}]}").ToString());
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] json)
    {
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await _host.Client.PostAsync(new Uri($"/v2/models/{ExportedModelFixture.ModelName}/infer",
            UriKind.Relative), content);
    }
}
