using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Hydra.Core.Jobs;
using Hydra.Testing.Azurite;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hydra.Functions.Tests;

/// <summary>
/// The Function App's classes wired exactly as Program.cs wires them, against a real Azurite. Triggers are invoked the
/// way the Functions host would: HTTP through an HttpRequest, queue messages decoded from Base64, blob events by path.
/// </summary>
internal sealed class FunctionsApp : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="clock">Replaces the app's TimeProvider (job timestamps), e.g. with a FakeTimeProvider.</param>
    /// <param name="settings">Settings over the defaults here (e.g. "Hydra:Datasets:MaxTotalBytes").</param>
    public FunctionsApp(AzuriteServer azurite, string? trainerQueue = null, TimeProvider? clock = null,
        params (string Key, string? Value)[] settings)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        TrainerQueue = trainerQueue ?? $"training-jobs-{suffix}";
        JobTable = $"jobs{suffix}";
        Settings = new Dictionary<string, string?>
        {
            ["HydraStorage"] = azurite.ConnectionString,
            ["Hydra:Transport:Kind"] = "StorageQueue",
            ["Hydra:Transport:QueueName"] = TrainerQueue,
            ["Hydra:Jobs:TableName"] = JobTable,
            ["Hydra:Scoring:MaxBatchRows"] = "64",
        };
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddHydraFunctions(configuration)
            .AddSingleton<TrainingJobFunctions>()
            .AddSingleton<DatasetFunctions>()
            .AddSingleton<ModelFunctions>()
            .AddSingleton<ScoringFunctions>();
        if (clock is not null)
        {
            // The last registration is the one resolved.
            services.AddSingleton(clock);
        }

        _services = services.BuildServiceProvider();
        Queues = new QueueServiceClient(azurite.ConnectionString);
        Blobs = new BlobServiceClient(azurite.ConnectionString);
    }

    public string TrainerQueue { get; }

    public string JobTable { get; }

    public Dictionary<string, string?> Settings { get; }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public TrainingJobFunctions Jobs => _services.GetRequiredService<TrainingJobFunctions>();

    public DatasetFunctions Datasets => _services.GetRequiredService<DatasetFunctions>();

    public ModelFunctions Models => _services.GetRequiredService<ModelFunctions>();

    public ScoringFunctions Scoring => _services.GetRequiredService<ScoringFunctions>();

    public IJobStore JobStore => _services.GetRequiredService<IJobStore>();

    public void Dispose() => _services.Dispose();

    public static HttpRequest Request(string method, string path, string? body = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>
    /// Executes the result as the ASP.NET Core integration would and returns the status and parsed body.
    /// </summary>
    public static async Task<(int Status, JsonElement Body, string? ContentType)> ExecuteAsync(HttpRequest request,
        Task<IActionResult> handler)
    {
        var result = await handler;
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, document.RootElement.Clone(), context.Response.ContentType);
    }

    /// <summary>
    /// Runs DispatchTrainingJob on every message waiting on "training-requests", as the host would, deleting each.
    /// </summary>
    public async Task<int> DispatchPendingRequestsAsync()
    {
        var queue = Queues.GetQueueClient("training-requests");
        await queue.CreateIfNotExistsAsync();
        var handled = 0;
        while (true)
        {
            var received = await queue.ReceiveMessagesAsync(maxMessages: 1);
            if (received.Value.Length == 0)
            {
                return handled;
            }

            var message = received.Value[0];
            var decoded = BinaryData.FromBytes(Convert.FromBase64String(message.Body.ToString()));
            await Jobs.DispatchAsync(QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, decoded,
                message.DequeueCount), CancellationToken.None);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            handled++;
        }
    }

    /// <summary>Puts a raw text message on "training-requests" the way any client must: Base64-encoded.</summary>
    public async Task SendRawRequestAsync(string text)
    {
        var queue = Queues.GetQueueClient("training-requests");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The decoded messages of a queue, without removing them.</summary>
    public async Task<IReadOnlyList<string>> PeekAsync(string queueName)
    {
        var queue = Queues.GetQueueClient(queueName);
        await queue.CreateIfNotExistsAsync();
        var peeked = await queue.PeekMessagesAsync(maxMessages: 32);
        return [.. peeked.Value.Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Body.ToString())))];
    }

    /// <summary>Uploads a file to datasets/{name}/{path}, as az storage blob upload or azcopy would.</summary>
    public Task UploadDatasetFileAsync(string name, string path, string content) =>
        UploadDatasetFileAsync(name, path, BinaryData.FromString(content));

    public async Task UploadDatasetFileAsync(string name, string path, BinaryData content)
    {
        var container = Blobs.GetBlobContainerClient("datasets");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{name}/{path}").UploadAsync(content, overwrite: true);
    }

    /// <summary>PUT /api/datasets/{name}/dataset.json through the function class.</summary>
    public async Task<(int Status, JsonElement Body)> PutDatasetDescriptionAsync(string name, string json)
    {
        var request = Request("PUT", $"/api/datasets/{name}/dataset.json", json);
        var (status, body, _) = await ExecuteAsync(request, Datasets.PutDescriptionAsync(request, name));
        return (status, body);
    }

    /// <summary>Fires ConvertToOnnx for a checkpoint card, as the Event Grid blob-created event would.</summary>
    public async Task ConvertAsync(string jobId, string kind)
    {
        var card = await Blobs.GetBlobContainerClient("checkpoints").GetBlobClient(
            $"{jobId}/{kind}/model.json").DownloadContentAsync();
        await Models.ConvertAsync(card.Value.Content.ToArray(), jobId, kind, CancellationToken.None);
    }
}
