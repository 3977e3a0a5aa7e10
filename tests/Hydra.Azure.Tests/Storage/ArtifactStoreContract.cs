using Hydra.Core.Storage;

namespace Hydra.Azure.Tests.Storage;

/// <summary>
/// What every <see cref="IArtifactStore"/> must do, run against the folder store and the blob store alike, so the
/// embedded
/// default and Azure behave the same. Paths have at least two segments: the blob store maps the first to a container.
/// </summary>
public abstract class ArtifactStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected abstract IArtifactStore Store { get; }

    [Fact]
    public async Task ReadAsync_AfterWrite_ReturnsTheSameBytes()
    {
        byte[] content = [0, 1, 2, 254, 255];

        await Store.WriteAsync("checkpoints/job-1/hydra/model.safetensors", content, None);
        var read = await Store.ReadAsync("checkpoints/job-1/hydra/model.safetensors", None);

        Assert.Equal(content, read);
    }

    [Fact]
    public async Task ReadAsync_AfterOverwrite_ReturnsTheNewContent()
    {
        await Store.WriteAsync("models/m1/manifest.json", "{\"v\":1}"u8.ToArray(), None);

        await Store.WriteAsync("models/m1/manifest.json", "{\"v\":22}"u8.ToArray(), None);
        var read = await Store.ReadAsync("models/m1/manifest.json", None);

        Assert.Equal("{\"v\":22}"u8.ToArray(), read);
    }

    [Fact]
    public async Task ReadAsync_MissingInAContainerThatExists_ThrowsFileNotFound()
    {
        await Store.WriteAsync("models/m1/manifest.json", new byte[] { 1 }, None);

        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.ReadAsync("models/m2/manifest.json", None));
    }

    [Fact]
    public async Task ReadAsync_NothingEverWrittenThere_ThrowsFileNotFound()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.ReadAsync("reports/job-9/report.json", None));
    }

    [Fact]
    public async Task ExistsAsync_BeforeAndAfterWrite_IsFalseThenTrue()
    {
        var before = await Store.ExistsAsync("jobs/job-1/spec.json", None);

        await Store.WriteAsync("jobs/job-1/spec.json", new byte[] { 1 }, None);
        var after = await Store.ExistsAsync("jobs/job-1/spec.json", None);

        Assert.False(before);
        Assert.True(after);
    }

    [Fact]
    public async Task DeleteAsync_ExistingThenAgainThenNeverWritten_RemovesItAndNeverThrows()
    {
        await Store.WriteAsync("jobs/job-1/spec.json", new byte[] { 1 }, None);

        await Store.DeleteAsync("jobs/job-1/spec.json", None);
        await Store.DeleteAsync("jobs/job-1/spec.json", None);
        await Store.DeleteAsync("reports/never/written.json", None);

        Assert.False(await Store.ExistsAsync("jobs/job-1/spec.json", None));
    }

    [Fact]
    public async Task ListAsync_FolderPrefixWithSlash_ReturnsThatFolderInOrdinalOrder()
    {
        await WriteAllAsync("alpha/b/2.txt", "alpha/b/1.txt", "alpha/b/Z.txt", "alpha/bc/3.txt", "alpha/B/0.txt",
            "beta/b/4.txt");

        var listed = await Store.ListAsync("alpha/b/", None);

        // Ordinal: upper case sorts before lower case and digits before both.
        Assert.Equal(["alpha/b/1.txt", "alpha/b/2.txt", "alpha/b/Z.txt"], listed);
    }

    [Fact]
    public async Task ListAsync_EmptyPrefix_ListsEverythingInOrdinalOrder()
    {
        await WriteAllAsync("models/m1/model.onnx", "checkpoints/j1/kd/model.json", "models/m1/manifest.json",
            "models-old/m0/model.onnx");

        var listed = await Store.ListAsync("", None);

        Assert.Equal(["checkpoints/j1/kd/model.json", "models-old/m0/model.onnx", "models/m1/manifest.json",
            "models/m1/model.onnx"], listed);
    }

    [Fact]
    public async Task ListAsync_ContainerNameWithoutSlash_ListsThatContainerButNotItsSiblings()
    {
        await WriteAllAsync("models/m1/model.onnx", "models-old/m0/model.onnx", "modelsx/m/a.bin");

        var listed = await Store.ListAsync("models", None);

        Assert.Equal(["models/m1/model.onnx"], listed);
    }

    [Fact]
    public async Task ListAsync_FolderNameWithoutSlash_ListsThatFolderButNotItsSiblings()
    {
        await WriteAllAsync("checkpoints/j1/kd/model.json", "checkpoints/j10/kd/model.json");

        var listed = await Store.ListAsync("checkpoints/j1", None);

        Assert.Equal(["checkpoints/j1/kd/model.json"], listed);
    }

    [Fact]
    public async Task ListAsync_PartialSegment_MatchesAsAStringPrefix()
    {
        await WriteAllAsync("checkpoints/j1/members/1/model.json", "checkpoints/j1/members/0/model.json",
            "checkpoints/j1/kd/model.json", "models/m/a.bin", "models-old/m/b.bin");

        var members = await Store.ListAsync("checkpoints/j1/mem", None);
        var containers = await Store.ListAsync("mod", None);

        Assert.Equal(["checkpoints/j1/members/0/model.json", "checkpoints/j1/members/1/model.json"], members);
        Assert.Equal(["models-old/m/b.bin", "models/m/a.bin"], containers);
    }

    [Fact]
    public async Task ListAsync_NothingUnderThePrefix_ReturnsEmpty()
    {
        await WriteAllAsync("models/m1/model.onnx");

        var inContainer = await Store.ListAsync("models/m2/", None);
        var noContainer = await Store.ListAsync("reports/", None);
        var noMatch = await Store.ListAsync("zzz", None);

        Assert.Empty(inContainer);
        Assert.Empty(noContainer);
        Assert.Empty(noMatch);
    }

    [Fact]
    public async Task ListAsync_AfterDelete_NoLongerListsThePath()
    {
        await WriteAllAsync("models/m1/a.bin", "models/m1/b.bin");

        await Store.DeleteAsync("models/m1/a.bin", None);
        var listed = await Store.ListAsync("models/", None);

        Assert.Equal(["models/m1/b.bin"], listed);
    }

    [Fact]
    public async Task ReadAsync_LargeContent_RoundTripsExactly()
    {
        // 9 MiB: past the blob store's single-upload limit (8 MiB), so it goes up as staged blocks.
        var content = new byte[9 * 1024 * 1024 + 17];
        new Random(42).NextBytes(content);

        await Store.WriteAsync("checkpoints/big/members/0/model.safetensors", content, None);
        var read = await Store.ReadAsync("checkpoints/big/members/0/model.safetensors", None);

        Assert.Equal(content.Length, read.Length);
        Assert.True(content.AsSpan().SequenceEqual(read));
        Assert.Equal(["checkpoints/big/members/0/model.safetensors"], await Store.ListAsync("checkpoints/", None));
    }

    [Fact]
    public async Task ListInfoAsync_AfterWrites_GivesEachSizeAndAVersionThatChangesOnOverwrite()
    {
        await Store.WriteAsync("datasets/d1/train.csv", new byte[] { 1, 2, 3 }, None);
        await Store.WriteAsync("datasets/d1/dataset.json", new byte[] { 4 }, None);
        await Store.WriteAsync("datasets/d10/other.csv", new byte[] { 5 }, None);
        var before = await Store.ListInfoAsync("datasets/d1/", None);

        await Store.WriteAsync("datasets/d1/train.csv", new byte[] { 9, 9, 9, 9, 9 }, None);
        var after = await Store.ListInfoAsync("datasets/d1/", None);

        Assert.Equal([("datasets/d1/dataset.json", 1L), ("datasets/d1/train.csv", 3L)],
            before.Select(i => (i.Path, i.Bytes)));
        Assert.Equal(5L, after[1].Bytes);
        Assert.Equal(before[0].Version, after[0].Version);
        Assert.NotEqual(before[1].Version, after[1].Version);
        Assert.All(after, i => Assert.False(string.IsNullOrEmpty(i.Version)));
    }

    [Fact]
    public async Task OpenReadAsync_AtTheListedVersion_StreamsTheContent()
    {
        byte[] content = [7, 8, 9, 10];
        await Store.WriteAsync("datasets/d2/train.csv", content, None);
        var version = (await Store.ListInfoAsync("datasets/d2/", None)).Single().Version;

        await using var stream = await Store.OpenReadAsync("datasets/d2/train.csv", version, None);
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);

        Assert.Equal(content, read.ToArray());
    }

    [Fact]
    public async Task OpenReadAsync_ReplacedSinceListed_ThrowsArtifactChanged()
    {
        await Store.WriteAsync("datasets/d3/train.csv", new byte[] { 1 }, None);
        var version = (await Store.ListInfoAsync("datasets/d3/", None)).Single().Version;
        await Store.WriteAsync("datasets/d3/train.csv", new byte[] { 2 }, None);

        var error = await Assert.ThrowsAsync<ArtifactChangedException>(async () =>
        {
            await using var stream = await Store.OpenReadAsync("datasets/d3/train.csv", version, None);
            await stream.CopyToAsync(Stream.Null);
        });

        Assert.Equal("datasets/d3/train.csv", error.Path);
    }

    [Fact]
    public async Task OpenReadAsync_Missing_ThrowsFileNotFound()
    {
        await Store.WriteAsync("datasets/d4/train.csv", new byte[] { 1 }, None);

        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync("datasets/d4/test.csv", null,
            None));
    }

    private async Task WriteAllAsync(params string[] paths)
    {
        foreach (var path in paths)
        {
            await Store.WriteAsync(path, new byte[] { 1, 2, 3 }, None);
        }
    }
}
