using System.Text.Json;

namespace Hydra.Infra.Tests;

public sealed class EventGridTests
{
    private static readonly TemplateScope Topic = CompiledTemplate.Root.Module("eventgrid");
    private static readonly TemplateScope BlobEvents = CompiledTemplate.Root.Module("blob-events");

    [Fact]
    public void SystemTopic_Source_IsTheStorageAccount()
    {
        var properties = Topic.ResourcesOfType("Microsoft.EventGrid/systemTopics").Single().GetProperty("properties");

        Assert.Equal("Microsoft.Storage.StorageAccounts", properties.GetProperty("topicType").GetString());
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]",
            properties.GetProperty("source").GetString());
    }

    [Fact]
    public void BlobEvents_Module_DeploysOnlyWhenAskedAfterTheCode()
    {
        var deployment = CompiledTemplate.Root.ResourcesOfType("Microsoft.Resources/deployments")
            .Single(d => d.GetProperty("name").GetString() == "blob-events");

        Assert.Equal("[parameters('subscribeBlobEvents')]", deployment.GetProperty("condition").GetString());
        Assert.False(CompiledTemplate.Root.Template.GetProperty("parameters").GetProperty(
            "subscribeBlobEvents").GetProperty("defaultValue").GetBoolean());
    }

    [Fact]
    public void Subscriptions_PerFunction_FilterTheirContainerAndCallTheBlobWebhook()
    {
        var subscriptions = BlobEvents.Template.GetProperty("variables").GetProperty("subscriptions").EnumerateArray()
            .ToDictionary(s => s.GetProperty("functionName").GetString()!);
        var resource = BlobEvents.ResourcesOfType("Microsoft.EventGrid/systemTopics/eventSubscriptions").Single();
        var properties = resource.GetProperty("properties");
        var destination = properties.GetProperty("destination");
        var endpoint = destination.GetProperty("properties").GetProperty("endpointUrl").GetString()!;

        Assert.Equal(["ConvertToOnnx", "ScoreBatch"], subscriptions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/blobServices/default/containers/checkpoints/", Text(subscriptions["ConvertToOnnx"],
            "subjectBeginsWith"));
        Assert.Equal("/model.json", Text(subscriptions["ConvertToOnnx"], "subjectEndsWith"));
        Assert.Equal("/blobServices/default/containers/scoring-input/", Text(subscriptions["ScoreBatch"],
            "subjectBeginsWith"));
        Assert.Equal("[length(variables('subscriptions'))]", resource.GetProperty("copy").GetProperty(
            "count").GetString());
        Assert.Equal("[variables('subscriptions')[copyIndex()].subjectBeginsWith]",
            properties.GetProperty("filter").GetProperty("subjectBeginsWith").GetString());
        Assert.Equal(["Microsoft.Storage.BlobCreated"], properties.GetProperty("filter").GetProperty(
            "includedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("WebHook", destination.GetProperty("endpointType").GetString());
        Assert.StartsWith("[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'",
            endpoint, StringComparison.Ordinal);
        Assert.Contains("variables('subscriptions')[copyIndex()].functionName", endpoint, StringComparison.Ordinal);
        Assert.Contains(".systemKeys.blobs_extension", endpoint, StringComparison.Ordinal);
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
