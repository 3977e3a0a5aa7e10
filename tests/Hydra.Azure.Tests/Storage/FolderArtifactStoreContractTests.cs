using Hydra.Core.Storage;

namespace Hydra.Azure.Tests.Storage;

/// <summary>The artifact store contract on a local folder, the reference the blob store must match.</summary>
public sealed class FolderArtifactStoreContractTests : ArtifactStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hydra-store-contract-").FullName;

    public FolderArtifactStoreContractTests()
    {
        Store = new FolderArtifactStore(_root);
    }

    protected override IArtifactStore Store { get; }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
