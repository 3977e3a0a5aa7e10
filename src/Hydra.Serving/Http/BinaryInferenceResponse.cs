using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Hydra.Serving.Http;

/// <summary>
/// A V2 inference response with binary outputs: the JSON header (whose length is in
/// <c>Inference-Header-Content-Length</c>), then each binary output's bytes in order, as
/// <c>application/octet-stream</c>.
/// </summary>
public sealed class BinaryInferenceResponse : IActionResult
{
    public const string ContentType = "application/octet-stream";

    private readonly InferenceResponse _header;
    private readonly IReadOnlyList<InferenceOutput> _binary;

    /// <param name="header">The response whose binary outputs carry no data, only their size.</param>
    /// <param name="binary">The outputs sent as bytes, with their data, in the header's order.</param>
    public BinaryInferenceResponse(InferenceResponse header, IReadOnlyList<InferenceOutput> binary)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(binary);
        _header = header;
        _binary = binary;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        var header = JsonSerializer.SerializeToUtf8Bytes(_header, ServingJson.Options);
        var tensors = _binary.Select(BinaryOutputs.Bytes).ToList();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers[InferenceBody.HeaderLengthHeader] = header.Length.ToString(CultureInfo.InvariantCulture);
        response.ContentLength = header.Length + tensors.Sum(t => (long)t.Length);
        await response.Body.WriteAsync(header, cancellationToken);
        foreach (var tensor in tensors)
        {
            await response.Body.WriteAsync(tensor, cancellationToken);
        }
    }
}
