using Hydra.Serving.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Tests;

/// <summary>
/// A real <c>hydra serve</c> host on a free loopback port over a folder with the tiny model, and a client for it.
/// </summary>
public sealed class ServingHostFixture : IAsyncLifetime, IDisposable
{
    public const int MaxBatchRows = 8;
    public const long MaxRequestBytes = 64 * 1024;

    private readonly TempDirectory _folder = new();
    private WebApplication? _app;

    internal TinyClassifier Classifier { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public string ModelsPath => _folder.Path;

    public async Task InitializeAsync()
    {
        Classifier.Write(_folder.Path, "tiny");
        _app = ServingHost.Build(
            new Dictionary<string, string?>
            {
                ["Hydra:Serve:ModelsPath"] = _folder.Path,
                ["Hydra:Serve:Host"] = "127.0.0.1",
                ["Hydra:Serve:Port"] = "0",
                ["Hydra:Scoring:MaxBatchRows"] = $"{MaxBatchRows}",
                ["Hydra:Scoring:MaxRequestBytes"] = $"{MaxRequestBytes}",
            },
            logging => logging.ClearProviders());
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = ServingHost.ListeningAddress(_app) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Dispose();
    }

    public void Dispose() => _folder.Dispose();
}
