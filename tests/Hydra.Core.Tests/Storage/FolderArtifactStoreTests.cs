using Hydra.Core.Storage;

namespace Hydra.Core.Tests.Storage;

public sealed class FolderArtifactStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hydra-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_ThenReadAsync_ReturnsTheBytesAndLeavesNoTemporaryFiles()
    {
        var store = new FolderArtifactStore(_root);

        await store.WriteAsync("checkpoints/job/hydra/model.json", "{}"u8.ToArray(), CancellationToken.None);
        var read = await store.ReadAsync("checkpoints/job/hydra/model.json", CancellationToken.None);

        Assert.Equal("{}"u8.ToArray(), read);
        Assert.Equal(["checkpoints/job/hydra/model.json"], Directory.EnumerateFiles(_root, "*",
            SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_root, f)).ToArray());
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsOnlyPathsUnderItInOrdinalOrder()
    {
        var store = new FolderArtifactStore(_root);
        foreach (var path in new[] { "a/2.txt", "a/1.txt", "ab/3.txt", "b/4.txt" })
        {
            await store.WriteAsync(path, new byte[] { 1 }, CancellationToken.None);
        }

        var listed = await store.ListAsync("a/", CancellationToken.None);

        Assert.Equal(["a/1.txt", "a/2.txt"], listed);
    }

    [Fact]
    public async Task ListAsync_EmptyPrefix_ListsTheWholeStore()
    {
        var store = new FolderArtifactStore(_root);
        await store.WriteAsync("models/a/manifest.json", new byte[] { 1 }, CancellationToken.None);
        await store.WriteAsync("report.json", new byte[] { 1 }, CancellationToken.None);

        var listed = await store.ListAsync("", CancellationToken.None);

        Assert.Equal(["models/a/manifest.json", "report.json"], listed);
    }

    [Fact]
    public async Task ReadAsync_Missing_ThrowsFileNotFound()
    {
        var store = new FolderArtifactStore(_root);

        await Assert.ThrowsAsync<FileNotFoundException>(() => store.ReadAsync("nope.json", CancellationToken.None));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    public async Task WriteAsync_PathLeavingTheRoot_IsRefused(string path)
    {
        var store = new FolderArtifactStore(_root);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(path, new byte[] { 1 },
            CancellationToken.None));
    }
}
