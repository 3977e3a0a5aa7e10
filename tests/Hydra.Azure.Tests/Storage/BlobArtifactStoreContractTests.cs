using Azure.Storage.Blobs;
using Hydra.Azure.Storage;
using Hydra.Core.Storage;
using Hydra.Testing.Azurite;

namespace Hydra.Azure.Tests.Storage;

/// <summary>
/// The artifact store contract on Azurite blobs; a container prefix of its own keeps each test apart.
/// </summary>
[Collection(AzuriteDefinition.Collection)]
public sealed class BlobArtifactStoreContractTests : ArtifactStoreContract
{
    public BlobArtifactStoreContractTests(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var prefix = $"t{Guid.NewGuid().ToString("N")[..10]}-";
        Store = new BlobArtifactStore(new BlobServiceClient(azurite.ConnectionString),
            new BlobArtifactStoreOptions { ContainerPrefix = prefix });
    }

    protected override IArtifactStore Store { get; }
}
