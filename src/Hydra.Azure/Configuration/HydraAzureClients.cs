using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Hydra.Azure.Configuration;

/// <summary>
/// Builds the Azure SDK clients from configuration, the way Functions bindings read a connection:
/// "HydraStorage" holding a connection string ("UseDevelopmentStorage=true", an Azurite or account string) wins;
/// otherwise "HydraStorage:blobServiceUri" / "queueServiceUri" / "tableServiceUri" with DefaultAzureCredential (the
/// user-assigned identity from "HydraStorage:clientId" when set). Service Bus alike: "HydraServiceBus" (a connection
/// string) or "HydraServiceBus:fullyQualifiedNamespace" with a credential. Nothing touches the network here.
/// </summary>
/// <remarks>
/// Azurite: the SDKs here send a newer storage API version than Azurite 3.37 knows; start it with
/// <c>--skipApiVersionCheck</c> (as the tests do) or every request fails with "The API version … is not supported".
/// </remarks>
public sealed class HydraAzureClients
{
    public const string StorageConnection = "HydraStorage";
    public const string ServiceBusConnection = "HydraServiceBus";

    private readonly IConfiguration _configuration;
    private readonly TokenCredential? _credential;
    private readonly ConcurrentDictionary<string, TokenCredential> _credentials = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="credential">Used instead of DefaultAzureCredential for the service-URI forms (tests, custom
    /// hosts).</param>
    public HydraAzureClients(IConfiguration configuration, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        _credential = credential;
    }

    /// <exception cref="HydraSettingException">Neither "HydraStorage" nor "HydraStorage:blobServiceUri" is set, or it
    /// is unusable.</exception>
    public BlobServiceClient CreateBlobServiceClient() =>
        CreateStorageClient("blobServiceUri", cs => new BlobServiceClient(cs), (uri, credential)
            => new BlobServiceClient(uri, credential));

    /// <summary>
    /// With the SDK's default message encoding (None): the storage-queue transport does its own Base64.
    /// </summary>
    /// <exception cref="HydraSettingException">Neither "HydraStorage" nor "HydraStorage:queueServiceUri" is set, or it
    /// is unusable.</exception>
    public QueueServiceClient CreateQueueServiceClient() =>
        CreateStorageClient("queueServiceUri", cs => new QueueServiceClient(cs), (uri, credential)
            => new QueueServiceClient(uri, credential));

    /// <exception cref="HydraSettingException">Neither "HydraStorage" nor "HydraStorage:tableServiceUri" is set, or it
    /// is unusable.</exception>
    public TableServiceClient CreateTableServiceClient() =>
        CreateStorageClient("tableServiceUri", cs => new TableServiceClient(cs), (uri, credential)
            => new TableServiceClient(uri, credential));

    /// <exception cref="HydraSettingException">Neither "HydraServiceBus" nor "HydraServiceBus:fullyQualifiedNamespace"
    /// is set.</exception>
    public ServiceBusClient CreateServiceBusClient()
    {
        var connectionString = _configuration[ServiceBusConnection];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return Build(ServiceBusConnection, () => new ServiceBusClient(connectionString));
        }

        var key = $"{ServiceBusConnection}:fullyQualifiedNamespace";
        var fullyQualifiedNamespace = _configuration[key];
        if (string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            throw new HydraSettingException(key,
                $"No Service Bus connection configured: set '{ServiceBusConnection}__fullyQualifiedNamespace' "
                    + $"({{namespace}}.servicebus.windows.net, " +
                $"with a managed identity) or '{ServiceBusConnection}' (a connection string, local/testing only).");
        }

        return Build(key, () => new ServiceBusClient(fullyQualifiedNamespace, Credential(ServiceBusConnection)));
    }

    /// <summary>
    /// The options DefaultAzureCredential gets for a connection: its "clientId" picks the user-assigned identity.
    /// </summary>
    internal DefaultAzureCredentialOptions CredentialOptions(string connection)
    {
        var clientId = _configuration[$"{connection}:clientId"];
        return new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null
            : clientId
        };
    }

    private T CreateStorageClient<T>(string uriSetting, Func<string, T> fromConnectionString, Func<Uri,
        TokenCredential, T> fromServiceUri)
    {
        var connectionString = _configuration[StorageConnection];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return Build(StorageConnection, () => fromConnectionString(connectionString));
        }

        var key = $"{StorageConnection}:{uriSetting}";
        var value = _configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new HydraSettingException(key,
                $"No storage connection configured: set '{StorageConnection}__{uriSetting}' (with a managed "
                    + $"identity) or " +
                $"'{StorageConnection}' (a connection string, e.g. UseDevelopmentStorage=true for Azurite).");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps
            && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new HydraSettingException(key, $"'{key}' must be an absolute http(s) URI, not '{value}'.");
        }

        return Build(key, () => fromServiceUri(uri, Credential(StorageConnection)));
    }

    /// <summary>
    /// The SDK constructors validate connection strings and namespaces: their errors gain the setting's name.
    /// </summary>
    private static T Build<T>(string setting, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new HydraSettingException(setting, $"The '{setting}' setting cannot be used: {e.Message}", e);
        }
    }

    private TokenCredential Credential(string connection) =>
        _credential ?? _credentials.GetOrAdd(connection, c => new DefaultAzureCredential(CredentialOptions(c)));
}
