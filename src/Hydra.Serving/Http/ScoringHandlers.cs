using System.Diagnostics;
using Hydra.Serving.Scoring;
using Hydra.Serving.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Http;

/// <summary>
/// The simple JSON API (<c>/api/models…</c>): rows in, one prediction with its uncertainty per row out. Plain methods
/// over <see cref="HttpRequest"/>, shared by <c>hydra serve</c> and the Functions worker. Rows are raw; the server
/// normalises.
/// </summary>
public sealed class ScoringHandlers
{
    private readonly ModelRegistry _registry;
    private readonly ScoringTelemetry _telemetry;
    private readonly ILogger _logger;

    public ScoringHandlers(ModelRegistry registry, ScoringTelemetry telemetry, ILogger<ScoringHandlers> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary><c>GET /api/models</c>: every model with a readable manifest (unreadable ones are left out).</summary>
    public Task<IActionResult> ListModelsAsync(HttpRequest request) =>
        HandlerGuard.RunAsync(request, _logger, async cancellationToken =>
        {
            var models = new List<ModelSummary>();
            foreach (var name in await _registry.ListNamesAsync(cancellationToken))
            {
                try
                {
                    models.Add(ModelSummary.From(name, await _registry.ReadManifestAsync(name, cancellationToken)));
                }
                catch (ScoringException ex)
                {
                    ServingLog.ModelSkipped(_logger, name, ex.Message);
                }
            }

            return new JsonResponse(StatusCodes.Status200OK, new { models });
        });

    /// <summary><c>GET /api/models/{name}</c></summary>
    public Task<IActionResult> GetModelAsync(HttpRequest request, string name) =>
        HandlerGuard.RunAsync(request, _logger, async cancellationToken =>
            new JsonResponse(StatusCodes.Status200OK, ModelSummary.From(name, await _registry.ReadManifestAsync(name,
                cancellationToken))));

    /// <summary>
    /// <c>POST /api/models/{name}/score</c> with
    /// <c>{"rows": [[…], …], "include_heads": false, "ood_quantile": 0.99}</c>; a model trained on a table also takes
    /// rows as objects by column name.
    /// </summary>
    public Task<IActionResult> ScoreAsync(HttpRequest request, string name) =>
        HandlerGuard.RunAsync(request, _logger, async cancellationToken =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var started = Stopwatch.GetTimestamp();
            using var json = await RequestBody.ReadJsonAsync(request, _registry.Options.MaxRequestBytes,
                cancellationToken);
            using var lease = await _registry.AcquireAsync(name, cancellationToken);
            var parsed = ScoreRequestReader.Read(json.RootElement, lease.Model);
            using var batch = parsed.Batch;
            var manifest = lease.Model.Manifest;
            var result = lease.Model.Score(batch, PredictionMapper.OutputsFor(manifest, parsed.IncludeHeads),
                parsed.OodQuantile, cancellationToken);
            var predictions = WithUnseenCategories(PredictionMapper.ToPredictions(result, manifest),
                parsed.UnseenCategories);
            var response = new ScoreResponse(manifest.ModelId, result.Version.OnnxSha256, predictions,
                OodCriterion.Of(result, manifest));
            _telemetry.Record(result, "score", Stopwatch.GetElapsedTime(started),
                parsed.UnseenCategories?.Sum(u => u.Count) ?? 0);
            return new JsonResponse(StatusCodes.Status200OK, response);
        });

    /// <summary>
    /// <c>GET /api/models/{name}/stats</c>: the model's traffic over the recent window on this instance, with a
    /// warning when too many rows were out of distribution.
    /// </summary>
    public Task<IActionResult> StatsAsync(HttpRequest request, string name) =>
        HandlerGuard.RunAsync(request, _logger, async cancellationToken =>
        {
            // A name without a manifest is a 404, as for every other model route.
            await _registry.ReadManifestAsync(name, cancellationToken);
            var options = _registry.Options;
            return new JsonResponse(StatusCodes.Status200OK,
                _telemetry.Stats.Snapshot(name, 1 - options.OodQuantile, options.OodWarnShare));
        });

    private static IReadOnlyList<RowPrediction> WithUnseenCategories(IReadOnlyList<RowPrediction> predictions,
        IReadOnlyList<IReadOnlyList<string>>? unseen) =>
        unseen is null ? predictions : [.. predictions.Select((p, r) => unseen[r].Count == 0 ? p
            : p with { UnseenCategories = unseen[r] })];
}
