using System.Text.Json;

namespace Hydra.Infra.Tests;

public sealed class OutputsTests
{
    [Fact]
    public void Outputs_EveryTemplateAndModule_CarryNoKeyOrSecret()
    {
        var offending = SecretScan.SecretLikeOutputs(CompiledTemplate.Root);

        Assert.Empty(offending);
    }

    [Fact]
    public void Outputs_Main_NameTheEndpointsTheDeploymentHooksRead()
    {
        var outputs = CompiledTemplate.Root.Template.GetProperty("outputs").EnumerateObject().Select(o
            => o.Name).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "AZURE_RESOURCE_GROUP", "AZURE_CONTAINER_REGISTRY_ENDPOINT", "AZURE_FUNCTION_APP_NAME",
                    "FUNCTION_APP_URL",
                "TRAINER_JOB_NAME", "STORAGE_ACCOUNT_NAME", "SERVICE_BUS_NAMESPACE", "EVENT_GRID_SYSTEM_TOPIC_NAME",
                "HYDRA_TORCH_DEVICE",
            },
            outputs);
    }

    [Theory]
    [InlineData("storageKey", "[parameters('x')]")]
    [InlineData("name",
        "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2024-01-01').keys[0].value]")]
    [InlineData("storageConnectionString", "[parameters('x')]")]
    [InlineData("endpoint",
        "[format('DefaultEndpointsProtocol=https;AccountName=st;AccountKey={0}', parameters('k'))]")]
    [InlineData("sbEndpoint", "[listAuthorizationRules(parameters('rule'), '2024-01-01').primaryConnectionString]")]
    public void SecretLikeOutputs_TemplateLeakingAKey_IsReported(string outputName, string value)
    {
        var json = $$"""
            {
              "resources": [],
              "outputs": { "fine": { "type": "string", "value": "[parameters('name')]" },
                           "{{outputName}}": { "type": "string", "value": {{JsonSerializer.Serialize(value)}} } }
            }
            """;
        using var document = JsonDocument.Parse(json);

        var offending = SecretScan.SecretLikeOutputs(new TemplateScope(document.RootElement));

        Assert.Equal([$"main.{outputName}"], offending);
    }
}
