using Hydra.Serving.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Hydra.Functions;

/// <summary>
/// Scoring over HTTP: the product routes (/api/models…) and the Open Inference Protocol (KServe V2) routes, both the
/// same handlers that `hydra serve` hosts on Kestrel.
/// </summary>
public sealed class ScoringFunctions(ScoringHandlers scoring, InferenceProtocolHandlers inference)
{
    [Function("ListModels")]
    public Task<IActionResult> ListModelsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models")] HttpRequest request) =>
        scoring.ListModelsAsync(request);

    [Function("GetModel")]
    public Task<IActionResult> GetModelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{modelId}")] HttpRequest request,
            string modelId) =>
        scoring.GetModelAsync(request, modelId);

    [Function("Score")]
    public Task<IActionResult> ScoreAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{modelId}/score")] HttpRequest request,
            string modelId) =>
        scoring.ScoreAsync(request, modelId);

    [Function("ModelStats")]
    public Task<IActionResult> StatsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{modelId}/stats")] HttpRequest request,
            string modelId) =>
        scoring.StatsAsync(request, modelId);

    [Function("InferenceModelMetadata")]
    public Task<IActionResult> ModelMetadataAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{modelId}")] HttpRequest request,
            string modelId) =>
        inference.ModelMetadataAsync(request, modelId);

    [Function("InferenceModelReady")]
    public Task<IActionResult> ModelReadyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{modelId}/ready")] HttpRequest request,
            string modelId) =>
        inference.ModelReadyAsync(request, modelId);

    [Function("Infer")]
    public Task<IActionResult> InferAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v2/models/{modelId}/infer")] HttpRequest request,
            string modelId) =>
        inference.InferAsync(request, modelId);

    [Function("InferenceServerMetadata")]
    public static IActionResult ServerMetadata(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2")] HttpRequest request) =>
        InferenceProtocolHandlers.ServerMetadata(request);

    [Function("InferenceModelVersionMetadata")]
    public Task<IActionResult> ModelVersionMetadataAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{modelId}/versions/{version}")]
        HttpRequest request, string modelId, string version) =>
        inference.ModelMetadataAsync(request, modelId, version);

    [Function("InferenceModelVersionReady")]
    public Task<IActionResult> ModelVersionReadyAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "v2/models/{modelId}/versions/{version}/ready")]
        HttpRequest request, string modelId, string version) =>
        inference.ModelReadyAsync(request, modelId, version);

    [Function("InferVersion")]
    public Task<IActionResult> InferVersionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "v2/models/{modelId}/versions/{version}/infer")]
        HttpRequest request, string modelId, string version) =>
        inference.InferAsync(request, modelId, version);
}
