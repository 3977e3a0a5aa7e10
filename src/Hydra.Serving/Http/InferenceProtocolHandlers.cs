using System.Diagnostics;
using Hydra.Serving.Scoring;
using Hydra.Serving.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Http;

/// <summary>
/// Open Inference Protocol (KServe V2) REST handlers. Plain methods over <see cref="HttpRequest"/> returning
/// <see cref="IActionResult"/>: <c>hydra serve</c> maps them to Kestrel routes, and the Functions worker's thin
/// HTTP triggers call them unchanged. Input tensors are raw; the server applies the manifest's normalisation.
/// </summary>
public sealed class InferenceProtocolHandlers
{
    public const string Platform = "onnxruntime_onnx";

    private readonly ModelRegistry _registry;
    private readonly ScoringTelemetry _telemetry;
    private readonly ILogger _logger;

    public InferenceProtocolHandlers(ModelRegistry registry, ScoringTelemetry telemetry,
        ILogger<InferenceProtocolHandlers> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary><c>GET /v2/health/live</c></summary>
    public static IActionResult Live(HttpRequest request) => new JsonResponse(StatusCodes.Status200OK,
        new { live = true });

    /// <summary><c>GET /v2/health/ready</c>: models load on demand, so a live server is ready.</summary>
    public static IActionResult Ready(HttpRequest request) => new JsonResponse(StatusCodes.Status200OK,
        new { ready = true });

    /// <summary><c>GET /v2</c>: the server's name, version and protocol extensions.</summary>
    public static IActionResult ServerMetadata(HttpRequest request) => new JsonResponse(StatusCodes.Status200OK,
        ServerMetadataResponse.Current);

    /// <summary>
    /// <c>GET /v2/models/{name}/ready</c> (or <c>…/versions/{version}/ready</c>): 200 once the model loads, a problem
    /// otherwise.
    /// </summary>
    public Task<IActionResult> ModelReadyAsync(HttpRequest request, string name, string? version = null) =>
        HandlerGuard.RunAsync(request, _logger, async cancellationToken =>
        {
            using var lease = await _registry.AcquireAsync(name, cancellationToken);
            ModelVersions.Require(lease.Model, version);
            return new JsonResponse(StatusCodes.Status200OK, new { name, ready = true });
        });

    /// <summary><c>GET /v2/models/{name}</c> (or <c>…/versions/{version}</c>)</summary>
    public Task<IActionResult> ModelMetadataAsync(HttpRequest request, string name, string? version = null) =>
        HandlerGuard.RunAsync(request, _logger, async cancellationToken =>
        {
            using var lease = await _registry.AcquireAsync(name, cancellationToken);
            ModelVersions.Require(lease.Model, version);
            var model = lease.Model;
            var metadata = new ModelMetadataResponse(model.Name, [model.Version.OnnxSha256], Platform, model.Inputs,
                model.Outputs)
            {
                Parameters = ModelMetadataResponse.FeatureNames(model.Manifest.Input),
            };
            return new JsonResponse(StatusCodes.Status200OK, metadata);
        });

    /// <summary>
    /// <c>POST /v2/models/{name}/infer</c> (or <c>…/versions/{version}/infer</c>); the request's <c>parameters</c> come
    /// back on the response, and outputs asked for as binary come as bytes after a JSON header.
    /// </summary>
    public Task<IActionResult> InferAsync(HttpRequest request, string name, string? version = null) =>
        HandlerGuard.RunAsync(request, _logger, async cancellationToken =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var started = Stopwatch.GetTimestamp();
            using var body = await InferenceBody.ReadAsync(request, _registry.Options.MaxRequestBytes,
                cancellationToken);
            using var lease = await _registry.AcquireAsync(name, cancellationToken);
            ModelVersions.Require(lease.Model, version);
            var parsed = InferenceRequestReader.Read(body.Json.RootElement, lease.Model, body.Binary.Span);
            using var batch = parsed.Batch;
            var result = lease.Model.Score(batch, parsed.Outputs, parsed.OodQuantile, cancellationToken);
            var outputs = result.Outputs.Select(o => new InferenceOutput(o.Name, o.Shape, o.Datatype, o.Data))
                .ToList();
            _telemetry.Record(result, "infer", Stopwatch.GetElapsedTime(started));
            return BinaryOutputs.Respond(new InferenceResponse(lease.Model.Name, result.Version.OnnxSha256, parsed.Id,
                outputs, parsed.Parameters), body.Json.RootElement);
        });
}
