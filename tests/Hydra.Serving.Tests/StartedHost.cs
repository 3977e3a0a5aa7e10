using Hydra.Serving.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Tests;

/// <summary>
/// A <c>hydra serve</c> host started on port 0 over a new folder of models (the tiny model unless told otherwise),
/// with the settings a test gives over that, and a client for it.
/// </summary>
internal sealed class StartedHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _folder;

    private StartedHost(WebApplication app, TempDirectory folder, HttpClient client)
    {
        _app = app;
        _folder = folder;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>The host's settings: the models folder and port 0, then <paramref name="settings"/>.</summary>
    public static Dictionary<string, string?> Settings(string modelsPath,
        params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Hydra:Serve:ModelsPath"] = modelsPath,
            ["Hydra:Serve:Port"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>The folder served: the models are in it.</summary>
    public string ModelsPath => _folder.Path;

    /// <summary>Starts over the tiny model as "tiny".</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is refused.</exception>
    public static Task<StartedHost> StartAsync(params (string Key, string? Value)[] settings) =>
        StartAsync(folder =>
        {
            new TinyClassifier().Write(folder, "tiny");
            return Task.CompletedTask;
        }, settings);

    /// <param name="writeModels">Writes the served model folders into the (new, empty) folder it is given.</param>
    /// <param name="settings">Settings over the folder and port 0.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is refused.</exception>
    public static async Task<StartedHost> StartAsync(Func<string, Task> writeModels,
        params (string Key, string? Value)[] settings)
    {
        var folder = new TempDirectory();
        try
        {
            await writeModels(folder.Path);
            var app = ServingHost.Build(Settings(folder.Path, settings), logging => logging.ClearProviders());
            try
            {
                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            return new StartedHost(app, folder, new HttpClient { BaseAddress = ServingHost.ListeningAddress(app) });
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}
