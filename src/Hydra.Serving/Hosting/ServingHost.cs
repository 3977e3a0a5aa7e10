using System.Net;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Serving.Hosting;

/// <summary>
/// The Kestrel host behind <c>hydra serve</c> (and the HTTP tests): the scoring routes over a folder of models, behind
/// the API key when one is configured (<see cref="ApiKeyMiddleware"/>), with problem responses for unrouted requests.
/// </summary>
public static class ServingHost
{
    /// <summary>
    /// Builds the host from its configuration (environment variables, then <paramref name="settings"/> over them:
    /// "Hydra:Serve:ModelsPath", "Hydra:Scoring:MaxBatchRows", …). A setting that is not allowed stops the host with an
    /// <see cref="OptionsValidationException"/> that names it: here already when it is one Kestrel listens by (the
    /// server reads its options when it is created), otherwise in <c>StartAsync</c>.
    /// </summary>
    /// <exception cref="OptionsValidationException">A serve or scoring setting is not allowed.</exception>
    public static WebApplication Build(
        IEnumerable<KeyValuePair<string, string?>> settings, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);

        // Per-request framework logs are noise here; the handlers log rejected and failed requests themselves.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);

        builder.Services.AddOptions<ServeOptions>().BindConfiguration(ServeOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ServeOptions>, ServeOptionsValidator>());
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ServeOptions>, IOptions<ScoringOptions>>((kestrel, serve, scoring) =>
                Listen(kestrel, serve.Value, scoring.Value));
        builder.Services.AddHydraScoring(sp =>
            ModelStore.Folder(sp.GetRequiredService<IOptions<ServeOptions>>().Value.ModelsPath));
        builder.Services.AddHostedService<ModelFolderWatcher>();
        builder.AddServingMetrics();

        var app = builder.Build();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseStatusCodePages(UnroutedRequests.WriteProblemAsync);
        app.MapHydraScoring();
        return app;
    }

    /// <summary>
    /// The first address the started server listens on (with the real port when 0 was asked for; a wildcard address
    /// as 127.0.0.1, so a client on this machine can use it).
    /// </summary>
    public static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException(
            "The server is not listening yet.");
        return new Uri(first.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    private static void Listen(KestrelServerOptions kestrel, ServeOptions serve, ScoringOptions scoring)
    {
        // The handlers enforce the same bound with a problem response; Kestrel's is the backstop for streams.
        kestrel.Limits.MaxRequestBodySize = scoring.MaxRequestBytes;
        kestrel.AddServerHeader = false;
        if (serve.Host == "localhost")
        {
            kestrel.ListenLocalhost(serve.Port);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(serve.Host), serve.Port);
        }
    }
}
