using Hydra.Serving.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Hydra.Serving.Hosting;

/// <summary>
/// Maps the HTTP handlers to minimal-API routes, executing their <see cref="IActionResult"/> as MVC would.
/// </summary>
public static class EndpointMapping
{
    public static IEndpointRouteBuilder MapHydraScoring(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/v2/health/live", (HttpContext context) => ExecuteAsync(context,
            Task.FromResult(InferenceProtocolHandlers.Live(context.Request))));
        endpoints.MapGet("/v2/health/ready", (HttpContext context) => ExecuteAsync(context,
            Task.FromResult(InferenceProtocolHandlers.Ready(context.Request))));
        endpoints.MapGet("/v2", (HttpContext context) => ExecuteAsync(context,
            Task.FromResult(InferenceProtocolHandlers.ServerMetadata(context.Request))));
        endpoints.MapGet("/v2/models/{name}/versions/{version}", (HttpContext context, string name, string version,
            InferenceProtocolHandlers handlers) => ExecuteAsync(context,
                handlers.ModelMetadataAsync(context.Request, name, version)));
        endpoints.MapGet("/v2/models/{name}/versions/{version}/ready", (HttpContext context, string name,
            string version, InferenceProtocolHandlers handlers) => ExecuteAsync(context,
                handlers.ModelReadyAsync(context.Request, name, version)));
        endpoints.MapPost("/v2/models/{name}/versions/{version}/infer", (HttpContext context, string name,
            string version, InferenceProtocolHandlers handlers) => ExecuteAsync(context,
                handlers.InferAsync(context.Request, name, version)));
        endpoints.MapGet("/v2/models/{name}", (HttpContext context, string name, InferenceProtocolHandlers handlers)
            => ExecuteAsync(context, handlers.ModelMetadataAsync(context.Request, name)));
        endpoints.MapGet("/v2/models/{name}/ready", (HttpContext context, string name,
            InferenceProtocolHandlers handlers) => ExecuteAsync(context, handlers.ModelReadyAsync(context.Request,
                name)));
        endpoints.MapPost("/v2/models/{name}/infer", (HttpContext context, string name,
            InferenceProtocolHandlers handlers) => ExecuteAsync(context, handlers.InferAsync(context.Request, name)));
        endpoints.MapGet("/api/models", (HttpContext context, ScoringHandlers handlers) => ExecuteAsync(context,
            handlers.ListModelsAsync(context.Request)));
        endpoints.MapGet("/api/models/{name}", (HttpContext context, string name, ScoringHandlers handlers)
            => ExecuteAsync(context, handlers.GetModelAsync(context.Request, name)));
        endpoints.MapGet("/api/models/{name}/stats", (HttpContext context, string name, ScoringHandlers handlers)
            => ExecuteAsync(context, handlers.StatsAsync(context.Request, name)));
        endpoints.MapPost("/api/models/{name}/score", (HttpContext context, string name, ScoringHandlers handlers)
            => ExecuteAsync(context, handlers.ScoreAsync(context.Request, name)));
        return endpoints;
    }

    private static async Task ExecuteAsync(HttpContext context, Task<IActionResult> handler)
    {
        var result = await handler;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
