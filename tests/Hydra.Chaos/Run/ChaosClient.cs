using System.Text;
using System.Text.Json;
using Hydra.Chaos.Check;
using Hydra.Chaos.Plan;
using Hydra.Functions.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Hydra.Chaos.Run;

/// <summary>
/// A well-behaved client: submits a job through the HTTP function (a DefaultHttpContext, as the ASP.NET Core
/// integration hands it over) or puts its request on "training-requests" itself, and retries with backoff while the
/// answer is a 5xx or storage is away. Also drops raw messages (the malformed ones).
/// </summary>
internal sealed class ChaosClient(FunctionsHost host, FaultLog log, TimeSpan patience)
{
    private readonly List<SubmissionResult> _results = [];

    public IReadOnlyList<SubmissionResult> Results
    {
        get
        {
            lock (_results)
            {
                return [.. _results];
            }
        }
    }

    public async Task SubmitAsync(PlannedJob job, int copy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        SubmissionResult result;
        if (job.Route == SubmitRoute.Http)
        {
            var ((status, body), attempts) = await RetryAsync($"submit {job.Key}#{copy}", async () =>
            {
                var answer = await PostAsync(job.Body);
                return (answer.Status < 500, answer);
            }, cancellationToken);
            var jobId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("job_id", out var id)
                ? id.GetString() : null;
            bool? created = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("created", out var c)
                ? c.GetBoolean() : null;
            result = new SubmissionResult(job.Key, copy, job.Route, jobId, status, created, attempts);
        }
        else
        {
            var attempts = await SendRawAsync(TrainingRequests.QueueName,
                Convert.ToBase64String(Encoding.UTF8.GetBytes(job.Body)), $"enqueue {job.Key}#{copy}",
                cancellationToken);
            result = new SubmissionResult(job.Key, copy, job.Route, job.JobId, null, null, attempts);
        }

        lock (_results)
        {
            _results.Add(result);
        }

        log.Write("submit", $"{job.Key}#{copy} ({job.Route}, {job.Expect}) → {result.JobId} "
            + $"{(result.Status is { } s ? $"HTTP {s}" : "queued")}, {result.Attempts} attempt(s)");
    }

    /// <summary>Puts a message on a queue as it is; returns the attempts it took.</summary>
    public async Task<int> SendRawAsync(string queueName, string text, string what,
        CancellationToken cancellationToken)
    {
        var queue = host.Queues.GetQueueClient(queueName);
        var (_, attempts) = await RetryAsync(what, async () =>
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(text, cancellationToken);
            return (true, 0);
        }, cancellationToken);
        return attempts;
    }

    /// <summary>Waits until a job record exists (a conflicting request must come after the job it collides with).
    /// </summary>
    public async Task WaitForJobAsync(string jobId, CancellationToken cancellationToken) =>
        await RetryAsync($"wait for {jobId}", async () =>
            (await host.JobStore.GetAsync(jobId, cancellationToken) is not null, 0), cancellationToken);

    private async Task<(int Status, JsonElement Body)> PostAsync(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/training-jobs";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        context.Response.Body = new MemoryStream();
        var result = await host.Jobs.SubmitAsync(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>
    /// Tries until the step says done, with jittered backoff from 0.5 s to 8 s, for at most the client's patience.
    /// </summary>
    private async Task<(TResult Result, int Attempts)> RetryAsync<TResult>(string what,
        Func<Task<(bool Done, TResult Result)>> step, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        var ceiling = 0.5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (done, result) = await step();
                if (done)
                {
                    return (result, attempt);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && DateTime.UtcNow < deadline)
            {
                _ = e;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{what}: no success within {patience}.");
            }

            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * ceiling + 0.1), cancellationToken);
            ceiling = Math.Min(8, ceiling * 2);
        }
    }
}
