using Hydra.Core.Datasets;
using Hydra.Serving.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hydra.Functions.Http;

/// <summary>
/// The dataset routes: list the datasets in storage, describe one (files, sizes, its description and an inspection of
/// its training table), and PUT its dataset.json, the commit marker, once its files are uploaded. Every client error
/// is an RFC 7807 problem; a description that cannot be trained on is a 400 with the reason per field.
/// </summary>
public sealed partial class DatasetHandlers(DatasetStore datasets, ILogger<DatasetHandlers> logger)
{
    /// <summary>GET /api/datasets</summary>
    public Task<IActionResult> ListAsync(HttpRequest request) => GuardAsync(request, async cancellationToken =>
        new JsonResponse(StatusCodes.Status200OK, new { datasets = await datasets.ListAsync(cancellationToken) }));

    /// <summary>GET /api/datasets/{name}</summary>
    public Task<IActionResult> GetAsync(HttpRequest request, string name) => GuardAsync(request,
        async cancellationToken =>
            new JsonResponse(StatusCodes.Status200OK, await datasets.DescribeAsync(name, cancellationToken)));

    /// <summary>
    /// PUT /api/datasets/{name}/dataset.json → 201 (first description) or 200, with the dataset as described now.
    /// </summary>
    public Task<IActionResult> PutDescriptionAsync(HttpRequest request, string name) => GuardAsync(request,
        async cancellationToken =>
    {
        var body = await RequestBody.ReadBytesAsync(request, datasets.Options.MaxDescriptionBytes, cancellationToken);
        var (manifest, created) = await datasets.PutDescriptionAsync(name, body, cancellationToken);
        DescriptionStored(logger, name, manifest.Files.Count(f => f.Used), manifest.TrainingBytes);
        var url = $"/api/datasets/{name}";
        request.HttpContext.Response.Headers.Location = url;
        return new JsonResponse(created ? StatusCodes.Status201Created : StatusCodes.Status200OK, manifest);
    });

    private Task<IActionResult> GuardAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> body) =>
        HandlerGuard.RunAsync(request, logger, body);

    [LoggerMessage(6201, LogLevel.Information,
        "Dataset {Name}: dataset.json stored ({Files} files, {Bytes} bytes to train on)")]
    private static partial void DescriptionStored(ILogger logger, string name, int files, long bytes);
}
