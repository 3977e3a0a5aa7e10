using Hydra.Core.Errors;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Http;

/// <summary>
/// Runs a handler body and turns whatever it throws into a problem response (<see cref="ProblemResponses"/>): a 4xx is
/// logged as a warning with its code, a 5xx as an error with its stack. Every HTTP host shares it, each passing its
/// own logger.
/// </summary>
public static class HandlerGuard
{
    /// <summary>The code logged for a rejection that is not a <see cref="HydraException"/>.</summary>
    public const string BadRequestCode = "bad-request";

    public static async Task<IActionResult> RunAsync(HttpRequest request, ILogger logger,
        Func<CancellationToken, Task<IActionResult>> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body(request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException
            || !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var problem = ProblemResponses.From(ex, request);
            if (problem.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                ServingLog.RequestFailed(logger, request.Path.Value ?? "", ex);
            }
            else
            {
                var code = ex is HydraException hydra ? hydra.Code : BadRequestCode;
                ServingLog.RequestRejected(logger, request.Path.Value ?? "", problem.StatusCode, code, ex.Message);
            }

            return problem;
        }
    }
}
