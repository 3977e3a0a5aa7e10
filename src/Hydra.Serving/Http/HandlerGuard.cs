using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Http;

/// <summary>Runs a handler body and turns whatever it throws into a problem response (logged; 5xx with its stack).</summary>
internal static class HandlerGuard
{
    public static async Task<IActionResult> RunAsync(HttpRequest request, ILogger logger, Func<CancellationToken, Task<IActionResult>> body)
    {
        try
        {
            return await body(request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var problem = ProblemResponses.From(ex, request);
            if (problem.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                ServingLog.RequestFailed(logger, request.Path.Value ?? "", ex);
            }
            else
            {
                var code = ex is ScoringException scoring ? scoring.Code : "bad-request";
                ServingLog.RequestRejected(logger, request.Path.Value ?? "", problem.StatusCode, code, ex.Message);
            }

            return problem;
        }
    }
}
