using Hydra.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Hydra.Functions;

/// <summary>
/// Users' datasets in storage: the files go up with the usual tools (az storage blob upload-batch, azcopy) to
/// datasets/{name}/, then dataset.json is PUT here, checked, and stored last as the commit marker.
/// </summary>
public sealed class DatasetFunctions(DatasetHandlers handlers)
{
    [Function("ListDatasets")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "datasets")] HttpRequest request) =>
        handlers.ListAsync(request);

    [Function("GetDataset")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "datasets/{name}")] HttpRequest request,
            string name) =>
        handlers.GetAsync(request, name);

    [Function("PutDatasetDescription")]
    public Task<IActionResult> PutDescriptionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "datasets/{name}/dataset.json")] HttpRequest request,
            string name) =>
        handlers.PutDescriptionAsync(request, name);
}
