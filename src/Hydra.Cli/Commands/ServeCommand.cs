using System.CommandLine;
using Hydra.Core.Errors;
using Hydra.Serving.Hosting;
using Hydra.Serving.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hydra.Cli.Commands;

/// <summary><c>hydra serve</c>: the scoring HTTP API (Open Inference Protocol + simple JSON) on Kestrel over a folder of models.</summary>
internal static partial class ServeCommand
{
    private static readonly Option<string> Models = new("--models") { Description = "Folder of exported models: {models}/{modelId}/model.onnx + manifest.json.", Required = true };
    private static readonly Option<int> Port = new("--port") { Description = "TCP port (0: any free port).", DefaultValueFactory = _ => 5080 };
    private static readonly Option<string> Host = new("--host") { Description = "Address to listen on: an IP address or localhost.", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> CacheCapacity = new("--cache-capacity") { Description = "Model versions kept loaded (least recently used evicted).", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> MaxBatchRows = new("--max-batch-rows") { Description = "Rows accepted per request.", DefaultValueFactory = _ => 1024 };
    private static readonly Option<bool> NoWatch = new("--no-watch") { Description = "Do not watch the models folder (changes then show after the 30 s manifest recheck)." };

    public static Command Create()
    {
        var command = new Command("serve", "Serve exported models over HTTP: /v2/… (KServe V2 / Open Inference Protocol) and /api/models/… (simple JSON).");
        foreach (var option in new Option[] { Models, Port, Host, CacheCapacity, MaxBatchRows, NoWatch })
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var serve = new ServeOptions
        {
            ModelsPath = parse.GetValue(Models)!,
            Port = parse.GetValue(Port),
            Host = parse.GetValue(Host)!,
            WatchModels = !parse.GetValue(NoWatch),
        };
        Require.AtLeast(parse.GetValue(CacheCapacity), 1, CacheCapacity.Name);
        Require.AtLeast(parse.GetValue(MaxBatchRows), 1, MaxBatchRows.Name);
        var scoring = new ScoringOptions { CacheCapacity = parse.GetValue(CacheCapacity), MaxBatchRows = parse.GetValue(MaxBatchRows) };
        await using var app = ServingHost.Build(serve, scoring);
        await app.StartAsync(cancellationToken);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hydra.Cli.Serve");
        var address = ServingHost.ListeningAddress(app);
        var models = Path.GetFullPath(serve.ModelsPath);
        LogListening(logger, address, models);
        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: a normal stop.
        }

        return 0;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Serving {Models} on {Address} (POST /api/models/{{name}}/score, POST /v2/models/{{name}}/infer)")]
    private static partial void LogListening(ILogger logger, Uri address, string models);
}
