using Hydra.Serving.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hydra.Functions.Tests;

/// <summary>The Function App's settings, composed as Program.cs composes them, checked when the host starts.</summary>
public sealed class FunctionsOptionsTests
{
    [Fact]
    public async Task StartAsync_MaxBatchRowsZero_StopsWithAMessageNamingTheSettingTheValueAndTheRule()
    {
        using var host = BuildHost(("Hydra:Scoring:MaxBatchRows", "0"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "Hydra:Scoring:MaxBatchRows (env Hydra__Scoring__MaxBatchRows) is 0, " +
            "but must be at least 1 (rows per request).",
            error.Message);
    }

    [Fact]
    public void AddHydraFunctions_ScoringSettings_ReachTheRegistryTheHandlersRead()
    {
        using var host = BuildHost(
            ("Hydra:Scoring:MaxBatchRows", "4096"), ("Hydra:Scoring:MaxRequestBytes", "1048576"));

        var options = host.Services.GetRequiredService<ModelRegistry>().Options;

        Assert.Equal((4096, 1_048_576L, 8), (options.MaxBatchRows, options.MaxRequestBytes, options.CacheCapacity));
    }

    private static IHost BuildHost(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            [
                new("HydraStorage", "UseDevelopmentStorage=true"),
                .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
            ]);
        builder.Services.AddHydraFunctions(builder.Configuration);
        return builder.Build();
    }
}
