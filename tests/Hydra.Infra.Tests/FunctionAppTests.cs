using System.Globalization;
using System.Text.Json;

namespace Hydra.Infra.Tests;

public sealed class FunctionAppTests
{
    private const string IdentityClientId = "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', "
        + "parameters('identityName')), '2023-01-31').clientId]";
    private const string StorageEndpoints = "[reference(resourceId('Microsoft.Storage/storageAccounts', "
        + "parameters('storageAccountName')), '2024-01-01').primaryEndpoints.";

    private static readonly TemplateScope Module = CompiledTemplate.Root.Module("functionapp");
    private static readonly JsonElement Site = Module.ResourcesOfType("Microsoft.Web/sites").Single();

    private static Dictionary<string, string> AppSettings =>
        Site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!);

    [Fact]
    public void Plan_Sku_IsFlexConsumptionFc1OnLinux()
    {
        var plan = Module.ResourcesOfType("Microsoft.Web/serverfarms").Single();

        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean());
    }

    [Fact]
    public void Site_FunctionAppConfig_IsDotnetIsolated10DeployedThroughTheIdentity()
    {
        var config = Site.GetProperty("properties").GetProperty("functionAppConfig");
        var storage = config.GetProperty("deployment").GetProperty("storage");

        Assert.Equal("functionapp,linux", Site.GetProperty("kind").GetString());
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal(
            "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName'))]",
            storage.GetProperty("authentication").GetProperty("userAssignedIdentityResourceId").GetString());
        Assert.Equal("deployment-package", Module.Resolve("[parameters('deploymentContainerName')]"));
        Assert.Equal("UserAssigned", Site.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(Site.GetProperty("properties").GetProperty("httpsOnly").GetBoolean());
    }

    [Fact]
    public void AppSettings_Names_AreEveryAzureSettingOfTheContract()
    {
        string[] expected =
        [
            "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
            "HydraStorage__blobServiceUri", "HydraStorage__queueServiceUri", "HydraStorage__tableServiceUri",
            "HydraStorage__credential", "HydraStorage__clientId",
            "HydraServiceBus__fullyQualifiedNamespace", "HydraServiceBus__credential", "HydraServiceBus__clientId",
            "Hydra__Transport__Kind", "Hydra__Transport__QueueName", "Hydra__Jobs__TableName",
            "Hydra__Scoring__MaxRequestBytes", "Hydra__Scoring__MaxBatchRows", "Hydra__Scoring__CacheCapacity",
            "Hydra__Datasets__MaxTotalBytes", "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), AppSettings.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AppSettings_Connections_AreIdentityBasedWithServiceUris()
    {
        var settings = AppSettings;

        foreach (var prefix in new[] { "AzureWebJobsStorage", "HydraStorage", "HydraServiceBus" })
        {
            Assert.Equal("managedidentity", settings[$"{prefix}__credential"]);
            Assert.Equal(IdentityClientId, settings[$"{prefix}__clientId"]);
        }

        Assert.Equal(IdentityClientId, settings["AZURE_CLIENT_ID"]);
        Assert.Equal(Module.Resolve("[parameters('storageAccountName')]"),
            Module.Resolve(settings["AzureWebJobsStorage__accountName"]));
        Assert.Equal(StorageEndpoints + "blob]", settings["HydraStorage__blobServiceUri"]);
        Assert.Equal(StorageEndpoints + "queue]", settings["HydraStorage__queueServiceUri"]);
        Assert.Equal(StorageEndpoints + "table]", settings["HydraStorage__tableServiceUri"]);
        Assert.Contains("parameters('serviceBusNamespaceName')", settings["HydraServiceBus__fullyQualifiedNamespace"],
            StringComparison.Ordinal);
        Assert.Contains(".serviceBusEndpoint", settings["HydraServiceBus__fullyQualifiedNamespace"],
            StringComparison.Ordinal);
        Assert.Equal("[format('Authorization=AAD;ClientId={0}', " + IdentityClientId[1..^1] + ")]",
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void AppSettings_Values_HoldNoKeyOrSecretAndNoConnectionStringSettings()
    {
        var settings = AppSettings;

        foreach (var value in settings.Values)
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"\blist[A-Za-z]*\(", value);
        }

        // The App Insights connection string names an endpoint only; the component refuses telemetry without Entra ID.
        Assert.EndsWith(".ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"],
            StringComparison.Ordinal);
        // Plain connection-string forms of the connections are local-only settings.
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("HydraStorage", settings.Keys);
        Assert.DoesNotContain("HydraServiceBus", settings.Keys);
    }

    [Fact]
    public void AppSettings_PipelineOptions_MatchTheContract()
    {
        var settings = AppSettings;

        Assert.Equal("ServiceBus", settings["Hydra__Transport__Kind"]);
        Assert.Equal("training-jobs", Module.Resolve(settings["Hydra__Transport__QueueName"]));
        Assert.Equal("hydrajobs", Module.Resolve(settings["Hydra__Jobs__TableName"]));
        Assert.Equal("4096", settings["Hydra__Scoring__MaxBatchRows"]);
        Assert.Equal("8", settings["Hydra__Scoring__CacheCapacity"]);
        Assert.Equal("[string(parameters('datasetMaxTotalBytes'))]", settings["Hydra__Datasets__MaxTotalBytes"]);
    }

    [Fact]
    public void AppSettings_ScoringByteBound_HoldsMaxBatchRowsImageRowsAsJson()
    {
        var settings = AppSettings;

        var rows = long.Parse(settings["Hydra__Scoring__MaxBatchRows"], CultureInfo.InvariantCulture);
        var bytes = long.Parse(settings["Hydra__Scoring__MaxRequestBytes"], CultureInfo.InvariantCulture);

        // The row bound must be what a caller meets, as with the defaults (docs/configuration.md, request bounds).
        Assert.True(bytes >= rows * Hydra.Serving.Scoring.ScoringOptions.JsonBytesPerImageRow,
            $"{rows} rows need {rows * Hydra.Serving.Scoring.ScoringOptions.JsonBytesPerImageRow} bytes; {bytes}");
    }

    [Fact]
    public void AppSettings_ScoringBounds_NameRealScoringOptions()
    {
        var names = AppSettings.Keys.Where(k => k.StartsWith("Hydra__Scoring__", StringComparison.Ordinal))
            .Select(k => k["Hydra__Scoring__".Length..]).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.NotNull(typeof(Hydra.Serving.Scoring.ScoringOptions).GetProperty(name)));
    }

    [Fact]
    public void Publishing_BasicAuth_IsOff()
    {
        var policies = Module.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.GetProperty("properties").GetProperty("allow").GetBoolean()));
    }
}
