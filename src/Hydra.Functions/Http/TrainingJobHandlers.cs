using System.Globalization;
using System.Text.Json;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Functions.Jobs;
using Hydra.Serving.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hydra.Functions.Http;

/// <summary>
/// The training-job routes, HttpRequest in and IActionResult out, so the Function App and tests host the same code.
/// Every client error is an RFC 7807 problem with a stable code; nothing a client sends produces a 500.
/// </summary>
public sealed partial class TrainingJobHandlers(JobDispatcher dispatcher, IJobStore jobs, TrainingRequests requests,
    ILogger<TrainingJobHandlers> logger)
{
    /// <summary>
    /// A job request is a small JSON object (an inline architecture at most); anything larger is refused unread.
    /// </summary>
    public const int MaxRequestBytes = 256 * 1024;

    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 500;

    /// <summary>
    /// POST /api/training-jobs → 202 with the job id and its status URL (also for a repeated submission).
    /// </summary>
    public Task<IActionResult> SubmitAsync(HttpRequest request) => GuardAsync(request, async cancellationToken =>
    {
        TrainingJobRequest job;
        using (var json = await RequestBody.ReadJsonAsync(request, MaxRequestBytes, cancellationToken))
        {
            job = JobRequestValidator.Parse(JsonSerializer.SerializeToUtf8Bytes(json.RootElement));
        }

        var acceptance = await dispatcher.AcceptAsync(job, cancellationToken);
        var status = acceptance.Status;
        if (status.DispatchedAt is null && !status.IsFinal)
        {
            // Also for a repeat whose first message may have been lost; dispatch is idempotent.
            await requests.SendAsync(job with { JobId = acceptance.Spec.JobId }, cancellationToken);
        }

        Submitted(logger, status.JobId, acceptance.Created);
        var url = $"/api/training-jobs/{status.JobId}";
        request.HttpContext.Response.Headers.Location = url;
        return new JsonResponse(StatusCodes.Status202Accepted, new JobSubmissionResponse(status.JobId, status.State,
            acceptance.Created, url));
    });

    /// <summary>GET /api/training-jobs/{jobId}</summary>
    public Task<IActionResult> GetAsync(HttpRequest request, string jobId) => GuardAsync(request,
        async cancellationToken =>
    {
        var status = JobRequestValidator.IsValidId(jobId) ? await jobs.GetAsync(jobId, cancellationToken) : null;
        return status is null
            ? throw new JobNotFoundException(jobId)
            : new JsonResponse(StatusCodes.Status200OK, JobStatusResponse.From(status));
    });

    /// <summary>GET /api/training-jobs?limit=N: newest first.</summary>
    public Task<IActionResult> ListAsync(HttpRequest request) => GuardAsync(request, async cancellationToken =>
    {
        var limit = DefaultListLimit;
        if (request.Query.TryGetValue("limit", out var text)
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1
            || limit > MaxListLimit))
        {
            throw new InvalidRequestException($"limit must be an integer from 1 to {MaxListLimit} (got '{text}').");
        }

        var list = await jobs.ListAsync(limit, cancellationToken);
        return new JsonResponse(StatusCodes.Status200OK, new { jobs = list.Select(JobStatusResponse.From).ToList() });
    });

    private Task<IActionResult> GuardAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> body) =>
        HandlerGuard.RunAsync(request, logger, body);

    [LoggerMessage(2021, LogLevel.Information, "Accepted training job {JobId} (new job: {Created})")]
    private static partial void Submitted(ILogger logger, string jobId, bool created);
}
