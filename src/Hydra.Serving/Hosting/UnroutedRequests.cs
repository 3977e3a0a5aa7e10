using Hydra.Serving.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Hydra.Serving.Hosting;

/// <summary>
/// Problem responses for what routing answers with an empty body: a path no route matches (404) and a route asked
/// with a method it does not take (405, whose <c>Allow</c> header routing has already set).
/// </summary>
public static class UnroutedRequests
{
    public const string UnknownRouteCode = "unknown-route";

    public const string MethodNotAllowedCode = "method-not-allowed";

    /// <summary>Writes the problem body for an empty 404 or 405; leaves any other status as it is.</summary>
    public static Task WriteProblemAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var request = http.Request;
        var problem = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ProblemResponses.Create(StatusCodes.Status404NotFound, UnknownRouteCode,
                $"No route matches {request.Method} {request.Path}: the routes are under /v2 (Open Inference "
                    + "Protocol) and /api/models (simple JSON).", request),
            StatusCodes.Status405MethodNotAllowed => ProblemResponses.Create(StatusCodes.Status405MethodNotAllowed,
                MethodNotAllowedCode,
                $"{request.Path} does not answer {request.Method}; it answers {http.Response.Headers.Allow}.", request),
            _ => null,
        };
        return problem is null
            ? Task.CompletedTask
            : problem.WriteAsync(http);
    }
}
