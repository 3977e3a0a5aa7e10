using Azure.Storage.Queues.Models;
using Hydra.Functions.Http;
using Hydra.Functions.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Hydra.Functions;

/// <summary>Training jobs: submit, inspect, and the queue-triggered hand-off to the trainer transport.</summary>
public sealed class TrainingJobFunctions(TrainingJobHandlers handlers, TrainingRequestProcessor processor)
{
    [Function("SubmitTrainingJob")]
    public Task<IActionResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "training-jobs")] HttpRequest request) =>
        handlers.SubmitAsync(request);

    [Function("GetTrainingJob")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "training-jobs/{jobId}")] HttpRequest request,
            string jobId) =>
        handlers.GetAsync(request, jobId);

    [Function("ListTrainingJobs")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "training-jobs")] HttpRequest request) =>
        handlers.ListAsync(request);

    /// <summary>
    /// One message on "training-requests" → the job recorded and one unit per member on "training-jobs".
    /// </summary>
    [Function("DispatchTrainingJob")]
    public Task DispatchAsync(
        [QueueTrigger(TrainingRequests.QueueName, Connection = "HydraStorage")] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return processor.ProcessAsync(message.MessageId, message.Body.ToMemory(), cancellationToken);
    }
}
