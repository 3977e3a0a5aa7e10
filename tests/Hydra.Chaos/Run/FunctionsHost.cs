using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Hydra.Core.Jobs;
using Hydra.Functions;
using Hydra.Onnx.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hydra.Chaos.Run;

/// <summary>
/// The Function App's classes wired exactly as its Program.cs wires them (AddHydraFunctions), over the chaos run's
/// Azurite: what the emulated host calls when a message or a blob event arrives.
/// </summary>
internal sealed class FunctionsHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public FunctionsHost(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddHydraFunctions(configuration)
            .AddSingleton<TrainingJobFunctions>()
            .BuildServiceProvider();
        var connection = settings["HydraStorage"]!;
        Queues = new QueueServiceClient(connection);
        Blobs = new BlobServiceClient(connection);
    }

    public QueueServiceClient Queues { get; }

    public BlobServiceClient Blobs { get; }

    public TrainingJobFunctions Jobs => _services.GetRequiredService<TrainingJobFunctions>();

    /// <summary>What ConvertToOnnx calls (the function only adds a registry refresh and a log line).</summary>
    public ModelConversionService Conversion => _services.GetRequiredService<ModelConversionService>();

    public IJobStore JobStore => _services.GetRequiredService<IJobStore>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
