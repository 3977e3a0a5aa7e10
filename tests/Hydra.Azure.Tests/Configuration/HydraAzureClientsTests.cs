using Azure.Core;
using Azure.Identity;
using Hydra.Azure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hydra.Azure.Tests.Configuration;

/// <summary>Which client each configuration yields; building a client touches no network, so none is needed.</summary>
public sealed class HydraAzureClientsTests
{
    private const string AzuriteStyle =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
            + Hydra.Testing.Azurite.AzuriteServer.AccountKey + ";" +
        "BlobEndpoint=http://127.0.0.1:41001/devstoreaccount1;"
            + "QueueEndpoint=http://127.0.0.1:41002/devstoreaccount1;"
            + "TableEndpoint=http://127.0.0.1:41003/devstoreaccount1;";

    private static readonly TokenCredential Credential = new DefaultAzureCredential();

    [Fact]
    public void CreateStorageClients_ExplicitConnectionString_UseItsEndpointsAndAccount()
    {
        var clients = Clients(("HydraStorage", AzuriteStyle));

        var blob = clients.CreateBlobServiceClient();
        var queue = clients.CreateQueueServiceClient();
        var table = clients.CreateTableServiceClient();

        Assert.Equal(new Uri("http://127.0.0.1:41001/devstoreaccount1"), blob.Uri);
        Assert.Equal(new Uri("http://127.0.0.1:41002/devstoreaccount1"), queue.Uri);
        Assert.Equal("devstoreaccount1", blob.AccountName);
        Assert.Equal("devstoreaccount1", queue.AccountName);
        Assert.Equal("devstoreaccount1", table.AccountName);
    }

    [Fact]
    public void CreateStorageClients_UseDevelopmentStorage_PointAtAzuritesDefaultPorts()
    {
        var clients = Clients(("HydraStorage", "UseDevelopmentStorage=true"));

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), clients.CreateBlobServiceClient().Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), clients.CreateQueueServiceClient().Uri);
        Assert.Equal("devstoreaccount1", clients.CreateTableServiceClient().AccountName);
    }

    [Fact]
    public void CreateStorageClients_ServiceUris_UseThemWithTheAccountTheyName()
    {
        var clients = Clients(
            ("HydraStorage:blobServiceUri", "https://hydraprod.blob.core.windows.net"),
            ("HydraStorage:queueServiceUri", "https://hydraprod.queue.core.windows.net"),
            ("HydraStorage:tableServiceUri", "https://hydraprod.table.core.windows.net"),
            ("HydraStorage:credential", "managedidentity"));

        var blob = clients.CreateBlobServiceClient();
        var queue = clients.CreateQueueServiceClient();
        var table = clients.CreateTableServiceClient();

        Assert.Equal(new Uri("https://hydraprod.blob.core.windows.net"), blob.Uri);
        Assert.Equal("hydraprod", blob.AccountName);
        Assert.Equal(new Uri("https://hydraprod.queue.core.windows.net"), queue.Uri);
        Assert.Equal("hydraprod", table.AccountName);
    }

    [Fact]
    public void CreateBlobServiceClient_ConnectionStringAndServiceUri_TheConnectionStringWins()
    {
        var clients = Clients(("HydraStorage", "UseDevelopmentStorage=true"), ("HydraStorage:blobServiceUri",
            "https://hydraprod.blob.core.windows.net"));

        var blob = clients.CreateBlobServiceClient();

        Assert.Equal("devstoreaccount1", blob.AccountName);
    }

    [Theory]
    [InlineData("blob", "HydraStorage:blobServiceUri")]
    [InlineData("queue", "HydraStorage:queueServiceUri")]
    [InlineData("table", "HydraStorage:tableServiceUri")]
    public void CreateStorageClient_NothingConfigured_NamesTheSettingsToSet(string service, string setting)
    {
        var clients = Clients(("HydraStorage:clientId", "only-this"));

        var error = Assert.Throws<HydraSettingException>(() => Create(clients, service));

        Assert.Equal(setting, error.Setting);
        Assert.Contains(setting.Replace(":", "__", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
        Assert.Contains("'HydraStorage'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBlobServiceClient_RelativeServiceUri_NamesTheSetting()
    {
        var clients = Clients(("HydraStorage:blobServiceUri", "hydraprod.blob.core.windows.net"));

        var error = Assert.Throws<HydraSettingException>(clients.CreateBlobServiceClient);

        Assert.Equal("HydraStorage:blobServiceUri", error.Setting);
    }

    [Fact]
    public void CreateBlobServiceClient_MalformedConnectionString_NamesTheSetting()
    {
        var clients = Clients(("HydraStorage", "this is not a connection string"));

        var error = Assert.Throws<HydraSettingException>(clients.CreateBlobServiceClient);

        Assert.Equal("HydraStorage", error.Setting);
    }

    [Fact]
    public async Task CreateServiceBusClient_ConnectionString_UsesItsNamespace()
    {
        var clients = Clients(("HydraServiceBus",
            "Endpoint=sb://hydra-ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey="
                + Convert.ToBase64String("not-a-real-key"u8)));

        await using var client = clients.CreateServiceBusClient();

        Assert.Equal("hydra-ns.servicebus.windows.net", client.FullyQualifiedNamespace);
    }

    [Fact]
    public async Task CreateServiceBusClient_FullyQualifiedNamespace_UsesIt()
    {
        var clients = Clients(("HydraServiceBus:fullyQualifiedNamespace", "hydra-prod.servicebus.windows.net"),
            ("HydraServiceBus:credential", "managedidentity"));

        await using var client = clients.CreateServiceBusClient();

        Assert.Equal("hydra-prod.servicebus.windows.net", client.FullyQualifiedNamespace);
    }

    [Fact]
    public void CreateServiceBusClient_NothingConfigured_NamesTheSettingsToSet()
    {
        var clients = Clients(("HydraStorage", "UseDevelopmentStorage=true"));

        var error = Assert.Throws<HydraSettingException>(clients.CreateServiceBusClient);

        Assert.Equal("HydraServiceBus:fullyQualifiedNamespace", error.Setting);
        Assert.Contains("HydraServiceBus__fullyQualifiedNamespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialOptions_ClientIdSet_PicksThatUserAssignedIdentity()
    {
        var clients = new HydraAzureClients(Configuration(("HydraStorage:clientId",
            "00000000-0000-0000-0000-0000000000aa")));

        var storage = clients.CredentialOptions("HydraStorage");
        var serviceBus = clients.CredentialOptions("HydraServiceBus");

        Assert.Equal("00000000-0000-0000-0000-0000000000aa", storage.ManagedIdentityClientId);
        Assert.Null(serviceBus.ManagedIdentityClientId);
    }

    private static object Create(HydraAzureClients clients, string service) => service switch
    {
        "blob" => clients.CreateBlobServiceClient(),
        "queue" => clients.CreateQueueServiceClient(),
        _ => clients.CreateTableServiceClient(),
    };

    private static HydraAzureClients Clients(params (string Key, string Value)[] settings)
        => new(Configuration(settings), Credential);

    internal static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key,
            s.Value))).Build();
}
