using System.CommandLine;
using System.Globalization;
using Hydra.Serving.Hosting;
using Hydra.Serving.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Cli.Commands;

/// <summary>
/// <c>hydra serve</c>: the scoring HTTP API (Open Inference Protocol + simple JSON) on Kestrel over a folder of models.
/// Settings come from the environment (Hydra__Serve__…, Hydra__Scoring__… as in the Function App); the flags given
/// are written over them.
/// </summary>
internal static partial class ServeCommand
{
    private static readonly Option<string> Models = new("--models")
    {
        Description = "Folder of exported models: {models}/{modelId}/model.onnx + manifest.json.",
        Required = true,
    };

    private static readonly Option<int?> Port = new("--port")
    {
        Description = "TCP port (0: any free port; default 5080).",
    };

    private static readonly Option<string?> Host = new("--host")
    {
        Description = "Address to listen on: an IP address or localhost (default 127.0.0.1).",
    };

    private static readonly Option<int?> CacheCapacity = new("--cache-capacity")
    {
        Description = "Model versions kept loaded, least recently used evicted " +
            "(Hydra__Scoring__CacheCapacity; default 8).",
    };

    private static readonly Option<int?> MaxBatchRows = new("--max-batch-rows")
    {
        Description = "Rows accepted per request (Hydra__Scoring__MaxBatchRows; default 1024).",
    };

    private static readonly Option<bool> NoWatch = new("--no-watch")
    {
        Description = "Do not watch the models folder (changes then show after the 30 s manifest recheck).",
    };

    private static readonly Option<string?> Metrics = new("--metrics")
    {
        Description = "Export the scorer's OpenTelemetry metrics: none, console or otlp (OTEL_EXPORTER_OTLP_ENDPOINT; "
            + "default none, or otlp when that is set). GET /api/models/{name}/stats answers either way.",
    };

    private static readonly Option<string?> ApiKeyFile = new("--api-key-file")
    {
        Description = "File holding the API key that requests send as Authorization: Bearer <key> " +
            "(or Hydra__Serve__ApiKey). Required for a non-loopback --host unless --no-auth.",
    };

    private static readonly Option<bool> NoAuth = new("--no-auth")
    {
        Description = "Serve a non-loopback --host without an API key (only behind something that authenticates).",
    };

    public static Command Create()
    {
        var command = new Command("serve",
            "Serve exported models over HTTP: /v2/… (KServe V2 / Open Inference Protocol) and " +
            "/api/models/… (simple JSON).");
        foreach (var option in new Option[]
            { Models, Port, Host, CacheCapacity, MaxBatchRows, NoWatch, ApiKeyFile, NoAuth, Metrics })
        {
            command.Options.Add(option);
        }

        command.SetAction(ExecuteAsync);
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        await using var app = ServingHost.Build(Settings(parse));
        await app.StartAsync(cancellationToken);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hydra.Cli.Serve");
        var address = ServingHost.ListeningAddress(app);
        var models = Path.GetFullPath(parse.GetValue(Models)!);
        LogListening(logger, address, models);
        var serve = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value;
        if (ServeApiKey.IsConfigured(serve))
        {
            LogAuthOn(logger);
        }
        else if (serve.NoAuth)
        {
            LogAuthOff(logger);
        }
        else
        {
            LogAuthOffOnLoopback(logger);
        }

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

    /// <summary>The flags given, as the settings they override.</summary>
    private static Dictionary<string, string?> Settings(ParseResult parse)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{ServeOptions.SectionName}:{nameof(ServeOptions.ModelsPath)}"] = parse.GetValue(Models),
        };
        void Set(string section, string key, object? value)
        {
            if (value is not null)
            {
                settings[$"{section}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        Set(ServeOptions.SectionName, nameof(ServeOptions.Port), parse.GetValue(Port));
        Set(ServeOptions.SectionName, nameof(ServeOptions.Host), parse.GetValue(Host));
        Set(ServeOptions.SectionName, nameof(ServeOptions.WatchModels), parse.GetValue(NoWatch) ? false : null);
        Set(ServeOptions.SectionName, "Metrics", parse.GetValue(Metrics));
        Set(ServeOptions.SectionName, nameof(ServeOptions.ApiKeyFile), parse.GetValue(ApiKeyFile));
        Set(ServeOptions.SectionName, nameof(ServeOptions.NoAuth), parse.GetValue(NoAuth) ? true : null);
        Set(ScoringOptions.SectionName, nameof(ScoringOptions.CacheCapacity), parse.GetValue(CacheCapacity));
        Set(ScoringOptions.SectionName, nameof(ScoringOptions.MaxBatchRows), parse.GetValue(MaxBatchRows));
        return settings;
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Serving {Models} on {Address} (POST /api/models/{{name}}/score, POST /v2/models/{{name}}/infer)")]
    private static partial void LogListening(ILogger logger, Uri address, string models);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Authentication on: every route but /v2/health/live and /v2/health/ready needs the API key")]
    private static partial void LogAuthOn(ILogger logger);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information,
        Message = "Authentication off: loopback only, no API key configured")]
    private static partial void LogAuthOffOnLoopback(ILogger logger);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
        Message = "Authentication off (--no-auth): anyone who can reach the address can call every route")]
    private static partial void LogAuthOff(ILogger logger);
}
