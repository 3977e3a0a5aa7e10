using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Hydra.Azure.Storage;
using Hydra.Testing.Azurite;

namespace Hydra.Azure.Tests.Storage;

/// <summary>
/// What only the blob store has: the container mapping, name rules, block uploads and container recreation.
/// </summary>
[Collection(AzuriteDefinition.Collection)]
public sealed class BlobArtifactStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly BlobServiceClient _service;
    private readonly string _prefix = $"t{Guid.NewGuid().ToString("N")[..10]}-";

    public BlobArtifactStoreTests(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        _service = new BlobServiceClient(azurite.ConnectionString);
    }

    [Fact]
    public async Task WriteAsync_JobPath_StoresTheRestAsABlobInTheFirstSegmentsContainer()
    {
        var store = CreateStore();

        await store.WriteAsync("checkpoints/job-1/hydra/model.json", "{}"u8.ToArray(), None);

        var blob = _service.GetBlobContainerClient(_prefix + "checkpoints").GetBlobClient("job-1/hydra/model.json");
        Assert.True((await blob.ExistsAsync(None)).Value);
        Assert.Equal("{}", (await blob.DownloadContentAsync(None)).Value.Content.ToString());
    }

    [Fact]
    public async Task WriteAsync_AboveTheSingleUploadLimit_CommitsStagedBlocksOfTheConfiguredSize()
    {
        var store = CreateStore(new BlobArtifactStoreOptions
        {
            ContainerPrefix = _prefix,
            SingleUploadLimitBytes = 1000,
            BlockSizeBytes = 400
        });
        var content = Enumerable.Range(0, 1001).Select(i => (byte)i).ToArray();

        await store.WriteAsync("models/m/model.onnx", content, None);

        var blocks = await _service.GetBlobContainerClient(_prefix + "models").GetBlockBlobClient(
            "m/model.onnx").GetBlockListAsync(BlockListTypes.All, snapshot: null, conditions: null, None);
        Assert.Equal([400L, 400L, 201L], blocks.Value.CommittedBlocks.Select(b => b.SizeLong));
        Assert.Empty(blocks.Value.UncommittedBlocks);
        Assert.Equal(content, await store.ReadAsync("models/m/model.onnx", None));
    }

    [Fact]
    public async Task WriteAsync_ContainerDeletedAfterItWasCached_CreatesItAgain()
    {
        var store = CreateStore();
        await store.WriteAsync("reports/j1/report.json", new byte[] { 1 }, None);
        await _service.GetBlobContainerClient(_prefix + "reports").DeleteAsync(conditions: null, None);

        await store.WriteAsync("reports/j1/report.json", new byte[] { 2 }, None);

        Assert.Equal([2], await store.ReadAsync("reports/j1/report.json", None));
    }

    [Fact]
    public async Task ListAsync_TwoStoresWithDifferentPrefixes_SeeOnlyTheirOwnContainers()
    {
        var mine = CreateStore();
        var theirs = CreateStore(new BlobArtifactStoreOptions
        { ContainerPrefix = $"u{Guid.NewGuid().ToString("N")[..10]}-" });
        await mine.WriteAsync("models/a/x.bin", new byte[] { 1 }, None);
        await theirs.WriteAsync("models/b/y.bin", new byte[] { 1 }, None);

        var listed = await mine.ListAsync("", None);

        Assert.Equal(["models/a/x.bin"], listed);
    }

    [Theory]
    [InlineData("models")]
    [InlineData("models/")]
    [InlineData("/models")]
    [InlineData("Models/m/x.bin")]
    [InlineData("ab/x.bin")]
    [InlineData("bad--name/x.bin")]
    [InlineData("models/../x.bin")]
    [InlineData("models/./x.bin")]
    [InlineData("models//x.bin")]
    public async Task WriteAsync_PathThatIsNotContainerAndBlob_IsRefused(string path)
    {
        // No prefix: the name rules apply to the whole container name ("ab" is too short only on its own).
        var store = CreateStore(new BlobArtifactStoreOptions());

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(path, new byte[] { 1 }, None));
    }

    [Fact]
    public async Task ReadAsync_BackslashesAndLeadingSlash_NameTheSameBlobAsTheNormalPath()
    {
        var store = CreateStore();
        await store.WriteAsync("models/m/manifest.json", new byte[] { 7 }, None);

        var read = await store.ReadAsync("/models\\m\\manifest.json", None);

        Assert.Equal([7], read);
    }

    private BlobArtifactStore CreateStore(BlobArtifactStoreOptions? options = null) =>
        new(_service, options ?? new BlobArtifactStoreOptions { ContainerPrefix = _prefix });
}
