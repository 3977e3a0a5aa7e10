using Hydra.Azure.Jobs;
using Hydra.Azure.Storage;
using Hydra.Azure.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hydra.Azure.Tests.Configuration;

/// <summary>The Azure adapters' options: bound by the host from configuration, checked when it starts.</summary>
public sealed class AzureOptionsTests
{
    [Fact]
    public async Task StartAsync_TableNameNotAllowed_StopsWithAMessageNamingTheSettingTheValueAndTheRule()
    {
        using var host = BuildHost(("Hydra:Jobs:TableName", "hydra-jobs"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "Hydra:Jobs:TableName (env Hydra__Jobs__TableName) is 'hydra-jobs', " +
            "but must be a table name: 3-63 letters " +
            "and digits, starting with a letter.",
            error.Message);
    }

    [Fact]
    public async Task StartAsync_RetryMaxDelayBelowBase_NamesBothDelays()
    {
        using var host = BuildHost(("Hydra:Jobs:RetryBaseDelay", "00:00:02"), ("Hydra:Jobs:RetryMaxDelay", "00:00:01"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            "Hydra:Jobs:RetryMaxDelay (env Hydra__Jobs__RetryMaxDelay) is 00:00:01, " +
            "but must be at least RetryBaseDelay " +
            "(00:00:02).",
            error.Message);
    }

    [Fact]
    public void AddHydraAzure_GoodSettings_BindTheGivenValuesAndKeepTheDefaultsOfTheRest()
    {
        using var host = BuildHost(
            ("Hydra:Jobs:TableName", "jobs2"),
            ("Hydra:Jobs:RetryBaseDelay", "00:00:00.050"),
            ("Hydra:Transport:Kind", "ServiceBus"),
            ("Hydra:Transport:QueueName", "q1"),
            ("Hydra:Transport:RenewFraction", "0.25"),
            ("Hydra:Blobs:ContainerPrefix", "t-"),
            ("Hydra:Blobs:BlockSizeBytes", "1024"));

        var jobs = host.Services.GetRequiredService<IOptions<TableJobStoreOptions>>().Value;
        var transport = host.Services.GetRequiredService<IOptions<TrainerTransportOptions>>().Value;
        var blobs = host.Services.GetRequiredService<IOptions<BlobArtifactStoreOptions>>().Value;

        Assert.Equal(("jobs2", 16), (jobs.TableName, jobs.MaxUpdateAttempts));
        Assert.Equal(
            (TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)), (jobs.RetryBaseDelay, jobs.RetryMaxDelay));
        Assert.Equal(
            (TrainerTransportKind.ServiceBus, "q1", "q1-poison"),
            (transport.Kind, transport.QueueName, transport.PoisonQueueName));
        Assert.Equal(
            (0.25, 5, TimeSpan.FromMinutes(5)),
            (transport.RenewFraction, transport.MaxDeliveryCount, transport.LockDuration));
        Assert.Equal(
            ("t-", 1024, 8 * 1024 * 1024, 4),
            (blobs.ContainerPrefix, blobs.BlockSizeBytes, blobs.SingleUploadLimitBytes, blobs.MaxConcurrency));
    }

    [Fact]
    public void Validate_DefaultsOfEveryOptionsClass_Succeed()
    {
        var results = new[]
        {
            new TableJobStoreOptionsValidator().Validate(null, new TableJobStoreOptions()),
            new TrainerTransportOptionsValidator().Validate(null, new TrainerTransportOptions()),
            new BlobArtifactStoreOptionsValidator().Validate(null, new BlobArtifactStoreOptions()),
        };

        Assert.All(results, r => Assert.True(r.Succeeded, r.FailureMessage));
    }

    [Fact]
    public void Validate_SeveralTransportValuesNotAllowed_ListsEachInDeclarationOrder()
    {
        var options = new TrainerTransportOptions
        {
            QueueName = " ",
            LockDuration = TimeSpan.FromSeconds(4),
            MaxDeliveryCount = 0,
        };

        var result = new TrainerTransportOptionsValidator().Validate(null, options);

        Assert.Equal(
        [
            "Hydra:Transport:QueueName (env Hydra__Transport__QueueName) is ' ', " +
                "but must be a queue name (e.g. training-jobs).",
            "Hydra:Transport:LockDuration (env Hydra__Transport__LockDuration) is 00:00:04, " +
                "but must be at least 5 seconds, " +
                "Service Bus's minimum (hh:mm:ss).",
            "Hydra:Transport:MaxDeliveryCount (env Hydra__Transport__MaxDeliveryCount) is 0, but must be at least 1.",
        ], result.Failures);
    }

    private static IHost BuildHost(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            [
                new("HydraStorage", "UseDevelopmentStorage=true"),
                .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
            ]);
        builder.Services.AddHydraAzure(builder.Configuration);
        return builder.Build();
    }
}
