namespace Hydra.Infra.Tests;

public sealed class StorageTests
{
    private static readonly TemplateScope Storage = CompiledTemplate.Root.Module("storage");

    [Fact]
    public void StorageAccount_Security_SharedKeyOffTls12NoPublicBlobs()
    {
        var properties = Storage.ResourcesOfType("Microsoft.Storage/storageAccounts").Single().GetProperty(
            "properties");

        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.True(properties.GetProperty("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public void Containers_Default_AreTheContractContainersAndTheDeploymentPackage()
    {
        var containers = DefaultArray("containers");

        Assert.Equal(
            new[] { "checkpoints", "datasets", "deployment-package", "jobs", "models", "reports", "scoring-input",
                "scoring-output", "teachers" },
            containers.Order(StringComparer.Ordinal));
        Assert.Equal("[parameters('containers')[copyIndex()]]", CopyName(
            "Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Fact]
    public void Queues_Default_AreTheContractQueues()
    {
        var queues = DefaultArray("queues");

        Assert.Equal(
            new[] { "training-jobs", "training-jobs-poison", "training-requests", "training-requests-poison" },
            queues.Order(StringComparer.Ordinal));
        Assert.Equal("[parameters('queues')[copyIndex()]]", CopyName(
            "Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void JobsTable_Name_IsHydrajobs()
    {
        var table = Storage.ResourcesOfType("Microsoft.Storage/storageAccounts/tableServices/tables").Single();

        Assert.Contains("parameters('jobsTableName')", table.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("hydrajobs", Storage.Resolve("[parameters('jobsTableName')]"));
    }

    private static string[] DefaultArray(string parameter) =>
        Storage.Template.GetProperty("parameters").GetProperty(parameter).GetProperty("defaultValue")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();

    // The last segment of a copy loop's name: format('{0}/{1}/{2}', account, 'default', <this>).
    private static string CopyName(string type)
    {
        var name = Storage.ResourcesOfType(type).Single().GetProperty("name").GetString()!;
        return "[" + name[(name.LastIndexOf(", ", StringComparison.Ordinal) + 2)..^2] + "]";
    }
}
