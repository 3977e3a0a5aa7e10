using Hydra.Serving.Hosting;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Serving.Tests;

/// <summary><c>hydra serve</c>'s options, bound from configuration by the shared scoring composition.</summary>
public sealed class ServingOptionsTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task StartAsync_MaxRequestBytesZero_StopsWithAMessageNamingTheSettingTheValueAndTheRule()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BuildAndStartAsync(("Hydra:Scoring:MaxRequestBytes", "0")));

        Assert.Equal(
            "Hydra:Scoring:MaxRequestBytes (env Hydra__Scoring__MaxRequestBytes) is 0, " +
            "but must be at least 1 (bytes per " +
            "request body).",
            error.Message);
    }

    [Fact]
    public async Task StartAsync_ModelsFolderMissing_NamesTheServeSetting()
    {
        var missing = Path.Combine(_folder.Path, "absent");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BuildAndStartAsync(("Hydra:Serve:ModelsPath", missing)));

        Assert.StartsWith(
            $"Hydra:Serve:ModelsPath (env Hydra__Serve__ModelsPath) is '{missing}', but must be an existing folder",
            error.Message);
    }

    [Fact]
    public async Task Build_GoodSettings_BindTheGivenValuesIntoTheRegistryAndKeepTheDefaultsOfTheRest()
    {
        await using var app = Build(
            ("Hydra:Scoring:MaxBatchRows", "4096"),
            ("Hydra:Scoring:ManifestRecheckInterval", "00:00:05"),
            ("Hydra:Serve:Host", "localhost"),
            ("Hydra:Serve:Port", "5099"),
            ("Hydra:Serve:WatchModels", "false"));

        var scoring = app.Services.GetRequiredService<ModelRegistry>().Options;
        var serve = app.Services.GetRequiredService<IOptions<ServeOptions>>().Value;

        Assert.Equal(
            (4096, 16L * 1024 * 1024, 8, 0),
            (scoring.MaxBatchRows, scoring.MaxRequestBytes, scoring.CacheCapacity, scoring.IntraOpThreads));
        Assert.Equal(TimeSpan.FromSeconds(5), scoring.ManifestRecheckInterval);
        Assert.Equal(
            (_folder.Path, "localhost", 5099, false), (serve.ModelsPath, serve.Host, serve.Port, serve.WatchModels));
    }

    [Fact]
    public void Validate_AnyFreePortOnLocalhost_IsRefusedBeforeKestrelFailsOnIt()
    {
        var options = new ServeOptions { ModelsPath = _folder.Path, Host = "localhost", Port = 0 };

        var result = new ServeOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Hydra:Serve:Port (env Hydra__Serve__Port) is 0, " +
                "but must be a fixed port when Host is localhost (or use 127.0.0.1).",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_ScoringDefaults_Succeed()
    {
        var result = new ScoringOptionsValidator().Validate(null, new ScoringOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void ThrowIfInvalid_SeveralBoundsNotAllowed_ListsEveryOneInTheMessage()
    {
        var options = new ScoringOptions { MaxBatchRows = 0, CacheCapacity = -1, IntraOpThreads = -2 };

        var error = Assert.Throws<OptionsValidationException>(
            () => new ScoringOptionsValidator().ThrowIfInvalid(options));

        Assert.Equal(
        [
            "Hydra:Scoring:MaxBatchRows (env Hydra__Scoring__MaxBatchRows) is 0, " +
                "but must be at least 1 (rows per request).",
            "Hydra:Scoring:CacheCapacity (env Hydra__Scoring__CacheCapacity) is -1, " +
                "but must be at least 1 (models kept loaded).",
            "Hydra:Scoring:IntraOpThreads (env Hydra__Scoring__IntraOpThreads) is -2, " +
                "but must be zero (ONNX Runtime's " +
                "default) or more.",
        ], error.Failures);
    }

    /// <summary>What <c>hydra serve</c> does; Kestrel reads its listen options while the host is built.</summary>
    private async Task BuildAndStartAsync(params (string Key, string? Value)[] settings)
    {
        await using var app = Build(settings);
        await app.StartAsync();
        await app.StopAsync();
    }

    private WebApplication Build(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Hydra:Serve:ModelsPath"] = _folder.Path,
            ["Hydra:Serve:Port"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return ServingHost.Build(all, logging => logging.ClearProviders());
    }
}
