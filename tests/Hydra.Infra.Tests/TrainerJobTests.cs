using System.Text.Json;

namespace Hydra.Infra.Tests;

public sealed class TrainerJobTests
{
    private const string IdentityId = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', "
        + "parameters('identityName'))]";

    private static readonly TemplateScope Module = CompiledTemplate.Root.Module("trainer");
    private static readonly JsonElement Job = Module.ResourcesOfType("Microsoft.App/jobs").Single();

    [Fact]
    public void ScaleRule_Trigger_IsAzureServiceBusOnTrainingJobsWithTheIdentity()
    {
        var configuration = Job.GetProperty("properties").GetProperty("configuration");
        var rule = configuration.GetProperty("eventTriggerConfig").GetProperty("scale").GetProperty(
            "rules").EnumerateArray().Single();
        var metadata = rule.GetProperty("metadata");

        Assert.Equal("Event", configuration.GetProperty("triggerType").GetString());
        Assert.Equal("azure-servicebus", rule.GetProperty("type").GetString());
        Assert.Equal("training-jobs", Module.Resolve(metadata.GetProperty("queueName").GetString()));
        Assert.Equal(
            CompiledTemplate.Root.Module("servicebus").Resolve("[parameters('name')]"),
            Module.Resolve(metadata.GetProperty("namespace").GetString()));
        Assert.Equal(IdentityId, rule.GetProperty("identity").GetString());
        Assert.False(rule.TryGetProperty("auth", out _), "the scale rule must not take a secret");
        Assert.False(configuration.TryGetProperty("secrets", out _), "the job must not hold secrets");
    }

    [Fact]
    public void Job_Identity_PullsFromTheRegistryAndRunsAsTheUserAssignedIdentity()
    {
        var configuration = Job.GetProperty("properties").GetProperty("configuration");
        var registry = configuration.GetProperty("registries").EnumerateArray().Single();

        Assert.Equal(IdentityId, registry.GetProperty("identity").GetString());
        Assert.False(registry.TryGetProperty("passwordSecretRef", out _));
        Assert.Equal("UserAssigned", Job.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal(0, configuration.GetProperty("eventTriggerConfig").GetProperty("scale").GetProperty(
            "minExecutions").GetInt32());
    }

    [Fact]
    public void ComputeProfiles_T4A100Cpu_MapToServerlessGpuProfilesAndDevices()
    {
        var allowed = Module.Template.GetProperty("parameters").GetProperty("trainerCompute").GetProperty(
            "allowedValues")
            .EnumerateArray().Select(v => v.GetString()!).ToArray();
        var profiles = Module.Template.GetProperty("variables").GetProperty("computeProfiles");

        Assert.Equal(["T4", "A100", "CPU"], allowed);
        Assert.Equal("Consumption-GPU-NC8as-T4", profiles.GetProperty("T4").GetProperty("profileType").GetString());
        Assert.Equal("Consumption-GPU-NC24-A100", profiles.GetProperty("A100").GetProperty("profileType").GetString());
        Assert.Equal("Consumption", profiles.GetProperty("CPU").GetProperty("profileType").GetString());
        Assert.Equal("cuda", profiles.GetProperty("T4").GetProperty("device").GetString());
        Assert.Equal("cuda", profiles.GetProperty("A100").GetProperty("device").GetString());
        Assert.Equal("cpu", profiles.GetProperty("CPU").GetProperty("device").GetString());
        Assert.Equal("[variables('compute').profileName]", Job.GetProperty("properties").GetProperty(
            "workloadProfileName").GetString());
    }

    [Fact]
    public void Container_Environment_IsTheWorkerSettingsIdentityBased()
    {
        var env = Job.GetProperty("properties").GetProperty("template").GetProperty(
            "containers").EnumerateArray().Single()
            .GetProperty("env").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString()!);

        Assert.Equal("managedidentity", env["HydraStorage__credential"]);
        Assert.Equal("managedidentity", env["HydraServiceBus__credential"]);
        Assert.Equal("ServiceBus", env["Hydra__Transport__Kind"]);
        Assert.Equal("training-jobs", Module.Resolve(env["Hydra__Transport__QueueName"]));
        Assert.Equal("hydrajobs", Module.Resolve(env["Hydra__Jobs__TableName"]));
        Assert.Equal("[variables('compute').device]", env["Hydra__Worker__Device"]);
        Assert.Equal("[string(parameters('workerIdleExitSeconds'))]", env["Hydra__Worker__IdleExitSeconds"]);
        // The same bound as the app's, from one parameter of main.bicep.
        Assert.Equal("[string(parameters('datasetMaxTotalBytes'))]", env["Hydra__Datasets__MaxTotalBytes"]);
        Assert.Contains("AZURE_CLIENT_ID", env.Keys);
        Assert.All(env.Values, v => Assert.DoesNotContain("AccountKey", v, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("AzureWebJobsStorage", StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_Logs_GoThroughAzureMonitorWithoutAWorkspaceKey()
    {
        var environment = Module.ResourcesOfType("Microsoft.App/managedEnvironments").Single();
        var logs = environment.GetProperty("properties").GetProperty("appLogsConfiguration");

        Assert.Equal("azure-monitor", logs.GetProperty("destination").GetString());
        Assert.False(logs.TryGetProperty("logAnalyticsConfiguration", out _));
        Assert.Single(Module.ResourcesOfType("Microsoft.Insights/diagnosticSettings"));
    }
}
