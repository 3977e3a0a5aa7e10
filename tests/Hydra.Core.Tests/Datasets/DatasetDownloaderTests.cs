using System.Security.Cryptography;
using System.Text;
using Hydra.Core.Data;
using Hydra.Core.Datasets;
using Hydra.Core.Storage;
using Hydra.Testing.Datasets;

namespace Hydra.Core.Tests.Datasets;

/// <summary>
/// The worker's download of a job's dataset: exactly the submitted versions, each file's SHA-256, and a clear failure
/// when anything changed since or the bounds are passed.
/// </summary>
public sealed class DatasetDownloaderTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _temp = new();
    private readonly TempDirectory _local = new();
    private readonly FolderArtifactStore _artifacts;
    private readonly string _csv = PatientTable.Csv(40);

    public DatasetDownloaderTests()
    {
        _artifacts = new FolderArtifactStore(_temp.Path);
    }

    public void Dispose()
    {
        _temp.Dispose();
        _local.Dispose();
    }

    [Fact]
    public async Task Download_CommittedDataset_WritesEveryFileWithItsSha256AndADigestOverThem()
    {
        var snapshot = await CommitAsync();

        var local = await new DatasetDownloader(_artifacts).DownloadAsync(snapshot, _local.File("pat"), None);

        var csvSha = Sha(_csv);
        var descriptionSha = Sha(PatientTable.Description());
        Assert.Equal(_csv, await File.ReadAllTextAsync(_local.File("pat/patients.csv")));
        Assert.Equal(_local.File("pat/dataset.json"), local.DescriptionPath);
        Assert.Equal([("dataset.json", descriptionSha), ("patients.csv", csvSha)],
            local.Digest.Files.Select(f => (f.Path, f.Sha256)));
        // sha256sum's listing of the two files, hashed: what `sha256sum dataset.json patients.csv | sha256sum` gives.
        Assert.Equal(Sha($"{descriptionSha}  dataset.json\n{csvSha}  patients.csv\n"), local.Digest.Sha256);
        Assert.Equal("datasets/pat", local.Digest.Dataset);
        Assert.Equal(2, local.Digest.FileCount);
        var bundle = DatasetCatalog.Load(local.DescriptionPath, new DataOptions());
        Assert.Equal(PatientTable.Classes, bundle.Train.ClassNames);
    }

    [Fact]
    public async Task Download_FileReplacedAfterTheSnapshot_FailsAsChanged()
    {
        var snapshot = await CommitAsync();
        await UploadAsync(PatientTable.FileName, PatientTable.Csv(40, seed: 2));

        var error = await Assert.ThrowsAsync<DatasetChangedException>(() => new DatasetDownloader(_artifacts)
            .DownloadAsync(snapshot, _local.File("pat"), None));

        Assert.StartsWith("Dataset 'datasets/pat' changed after the job was submitted: 'patients.csv'", error.Message,
            StringComparison.Ordinal);
        Assert.Equal(Core.Errors.ErrorKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task Download_FileDeletedAfterTheSnapshot_FailsAsChanged()
    {
        var snapshot = await CommitAsync();
        await _artifacts.DeleteAsync($"datasets/pat/{PatientTable.FileName}", None);

        var error = await Assert.ThrowsAsync<DatasetChangedException>(() => new DatasetDownloader(_artifacts)
            .DownloadAsync(snapshot, _local.File("pat"), None));

        Assert.Contains("'patients.csv' was deleted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_StoreSendsMoreThanItListed_StopsAtTheListedSize()
    {
        var snapshot = await CommitAsync();
        var shrunk = snapshot with
        {
            Files = [.. snapshot.Files.Select(f => f.Path == PatientTable.FileName ? f with { Bytes = 100 } : f)],
        };
        var store = new ListingAsOf(_artifacts, shrunk);

        var error = await Assert.ThrowsAsync<DatasetChangedException>(() => new DatasetDownloader(store)
            .DownloadAsync(shrunk, _local.File("pat"), None));

        Assert.Contains("'patients.csv' holds more than its 100 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(new FileInfo(_local.File("pat/patients.csv")).Length <= 100);
    }

    [Fact]
    public async Task Download_DatasetOverTheBound_FailsBeforeReadingAByte()
    {
        var snapshot = await CommitAsync();

        var error = await Assert.ThrowsAsync<DatasetTooLargeException>(() => new DatasetDownloader(_artifacts,
            new DatasetOptions { MaxTotalBytes = 1000 }).DownloadAsync(snapshot, _local.File("pat"), None));

        Assert.Contains("takes at most 1000", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_local.File("pat/patients.csv")));
    }

    private async Task<DatasetSnapshot> CommitAsync()
    {
        await UploadAsync(PatientTable.FileName, _csv);
        var store = new DatasetStore(_artifacts);
        await store.PutDescriptionAsync("pat", Encoding.UTF8.GetBytes(PatientTable.Description()), None);
        return await store.SnapshotAsync("pat", None);
    }

    private Task UploadAsync(string path, string content) =>
        _artifacts.WriteAsync($"datasets/pat/{path}", Encoding.UTF8.GetBytes(content), None);

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A store whose listing says what the snapshot says, whatever the content holds (a lying server).
    /// </summary>
    private sealed class ListingAsOf(IArtifactStore inner, DatasetSnapshot snapshot) : IArtifactStore
    {
        public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
            inner.ExistsAsync(path, cancellationToken);

        public Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken) =>
            inner.ReadAsync(path, cancellationToken);

        public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            inner.WriteAsync(path, content, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
            inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken) =>
            inner.DeleteAsync(path, cancellationToken);

        public Task<IReadOnlyList<ArtifactInfo>> ListInfoAsync(string prefix, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ArtifactInfo>>([.. snapshot.Files.Select(f => f with
            {
                Path = DatasetReference.Folder(snapshot.Name) + f.Path,
            })]);

        public Task<Stream> OpenReadAsync(string path, string? version, CancellationToken cancellationToken) =>
            inner.OpenReadAsync(path, null, cancellationToken);
    }
}
