using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Hydra.Serving.Http;

/// <summary>
/// A status code and a JSON body, written straight to the response. Unlike <see cref="ObjectResult"/> it needs no MVC
/// result executors, so the same handler result runs under Kestrel's minimal API and the Functions worker alike.
/// </summary>
public sealed class JsonResponse : IActionResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    public JsonResponse(int statusCode, object body, string contentType = JsonContentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
    }

    public int StatusCode { get; }

    public object Body { get; }

    public string ContentType { get; }

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context.HttpContext);
    }

    /// <summary>Writes the status and body straight to <paramref name="context"/>'s response (middleware).</summary>
    public async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), ServingJson.Options,
            context.RequestAborted);
    }
}
