using System.Net;
using Hydra.Core.Errors;
using Hydra.Core.Storage;
using Hydra.Serving.Http;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Hosting;

/// <summary>The Kestrel host behind <c>hydra serve</c> (and the HTTP tests): the scoring routes over a folder of models.</summary>
public static class ServingHost
{
    /// <exception cref="InvalidRequestException">The host is not an IP address or "localhost".</exception>
    /// <exception cref="InputNotFoundException">The models folder is missing.</exception>
    public static WebApplication Build(ServeOptions serve, ScoringOptions scoring, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(scoring);
        scoring.Validate();
        if (!Directory.Exists(serve.ModelsPath))
        {
            throw new InputNotFoundException("The models folder", serve.ModelsPath);
        }

        var address = ParseHost(serve.Host);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The handlers enforce the same bound with a problem response; Kestrel's is the backstop for streams.
            kestrel.Limits.MaxRequestBodySize = scoring.MaxRequestBytes;
            kestrel.AddServerHeader = false;
            if (address is null)
            {
                kestrel.ListenLocalhost(serve.Port);
            }
            else
            {
                kestrel.Listen(address, serve.Port);
            }
        });
        // Per-request framework logs are noise here; the handlers log rejected and failed requests themselves.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (logging is not null)
        {
            logging(builder.Logging);
        }

        builder.Services.AddSingleton(serve);
        builder.Services.AddSingleton(scoring);
        // The store is rooted one level up, so the models folder is the registry's prefix as "models" is in blob storage.
        var models = Path.GetFullPath(serve.ModelsPath).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(models) ?? throw new ArgumentException("The models folder cannot be the file system root.", nameof(serve));
        builder.Services.AddSingleton(services => new ModelRegistry(
            new FolderArtifactStore(parent), Path.GetFileName(models), scoring, services.GetRequiredService<ILogger<ModelRegistry>>()));
        builder.Services.AddSingleton<InferenceProtocolHandlers>();
        builder.Services.AddSingleton<ScoringHandlers>();
        builder.Services.AddHostedService<ModelFolderWatcher>();

        var app = builder.Build();
        app.MapHydraScoring();
        return app;
    }

    /// <summary>The first address the started server listens on (with the real port when 0 was asked for).</summary>
    public static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server is not listening yet.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static IPAddress? ParseHost(string host) =>
        host == "localhost" ? null
        : IPAddress.TryParse(host, out var address) ? address
        : throw new InvalidRequestException($"--host must be an IP address or localhost, not '{host}'.");
}
