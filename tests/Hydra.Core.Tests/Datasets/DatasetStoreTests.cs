using System.Text;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Datasets;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Testing.Datasets;

namespace Hydra.Core.Tests.Datasets;

/// <summary>
/// Users' datasets in a store: dataset.json is checked field by field against the rules and the stored files before it
/// is written, and a job's snapshot holds every file it trains on at its stored version.
/// </summary>
public sealed class DatasetStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _temp = new();
    private readonly FolderArtifactStore _artifacts;
    private readonly DatasetStore _store;

    public DatasetStoreTests()
    {
        _artifacts = new FolderArtifactStore(_temp.Path);
        _store = new DatasetStore(_artifacts);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PutDescription_FilesUploaded_StoresItAndDescribesFilesSizesAndTheInspection()
    {
        var csv = PatientTable.Csv(60);
        await UploadAsync("pat", PatientTable.FileName, csv);
        await UploadAsync("pat", "notes.txt", "not used");

        var (manifest, created) = await PutAsync("pat", PatientTable.Description());

        Assert.True(created);
        Assert.True(await _artifacts.ExistsAsync("datasets/pat/dataset.json", None));
        Assert.True(manifest.Committed);
        Assert.Null(manifest.Errors);
        var train = manifest.Files.Single(f => f.Path == PatientTable.FileName);
        Assert.Equal((Encoding.UTF8.GetByteCount(csv), true), (train.Bytes, train.Used));
        Assert.False(manifest.Files.Single(f => f.Path == "notes.txt").Used);
        Assert.Equal(Encoding.UTF8.GetByteCount(csv) + PatientTable.Description().Length, manifest.TrainingBytes);
        var inspection = manifest.Inspection!;
        Assert.Equal(60, inspection.Rows);
        Assert.Equal(ModelTask.Classification, inspection.Task);
        Assert.Equal(PatientTable.Classes, inspection.ClassCounts!.Select(c => c.Key));
        Assert.Equal(60, inspection.ClassCounts!.Sum(c => c.Value));
        Assert.Equal(["id"], inspection.LeftOut);
        Assert.Equal(ColumnKind.Categorical, inspection.Columns.Single(c => c.Name == "clinic").Kind);
    }

    [Fact]
    public async Task PutDescription_TheDraftHydraDataInspectWrites_IsAccepted()
    {
        var csv = PatientTable.Csv(40);
        var local = _temp.File("local");
        Directory.CreateDirectory(local);
        await File.WriteAllTextAsync(Path.Combine(local, PatientTable.FileName), csv);
        var draft = TableInspection.Inspect(Path.Combine(local, PatientTable.FileName), PatientTable.Target)
            .Draft(local).ToJson();
        await UploadAsync("pat", PatientTable.FileName, csv);

        var (manifest, _) = await PutAsync("pat", draft);

        Assert.Equal(PatientTable.FileName, manifest.Description!.Train);
        Assert.Equal(["id"], manifest.Description.Exclude);
        Assert.Equal(PatientTable.Classes, manifest.Description.Classes!);
    }

    [Fact]
    public async Task PutDescription_Again_IsNotCreatedAndReplacesIt()
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));
        await PutAsync("pat", PatientTable.Description());

        var (manifest, created) = await PutAsync("pat", """{"train": "patients.csv", "target": "diagnosis"}""");

        Assert.False(created);
        Assert.Equal(ImputeStrategy.None, manifest.Description!.Impute);
    }

    [Theory]
    [InlineData("../other/patients.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("~/patients.csv")]
    [InlineData("https://example.com/patients.csv")]
    [InlineData("C:/data/patients.csv")]
    [InlineData("data\\\\patients.csv")]
    [InlineData("data/./patients.csv")]
    [InlineData("data//patients.csv")]
    public async Task PutDescription_PathOutsideTheFolder_Is400NamingTheFieldAndWritesNothing(string path)
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));

        var error = await Assert.ThrowsAsync<DatasetDescriptionException>(() => PutAsync("pat",
            $$"""{"train": "patients.csv", "test": "{{path}}", "target": "diagnosis"}"""));

        Assert.Equal(["test"], error.Errors.Keys);
        Assert.False(await _artifacts.ExistsAsync("datasets/pat/dataset.json", None));
    }

    [Fact]
    public async Task PutDescription_FileNotUploaded_NamesTheFieldAndTheFile()
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));

        var error = await Assert.ThrowsAsync<DatasetDescriptionException>(() => PutAsync("pat",
            """{"train": "patients.csv", "ood": {"far": "far.csv"}, "target": "diagnosis"}"""));

        var message = Assert.Single(error.Errors["ood.far"]);
        Assert.Equal("'far.csv' is not in datasets/pat/: upload the data files first, then dataset.json.", message);
    }

    [Theory]
    [InlineData("""{"train": "patients.csv", "targt": "diagnosis"}""", "targt")]
    [InlineData("""{"train": "patients.csv"}""", "target")]
    [InlineData("""{"target": "diagnosis"}""", "train")]
    [InlineData("""{"train": "patients.csv", "target": "diagnosis", "test_fraction": 1.5}""", "test_fraction")]
    [InlineData("""{"train": "patients.csv", "target": "diagnosis", "impute": "sometimes"}""", "impute")]
    [InlineData("""{"train": "patients.csv", "target": "diagnosis", "classes": ["a", "a"]}""", "classes")]
    [InlineData("""{"train": "patients.csv", "target": "outcome"}""", "target")]
    [InlineData("""[1, 2]""", "body")]
    public async Task PutDescription_BadField_Is400NamingIt(string json, string field)
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));

        var error = await Assert.ThrowsAsync<DatasetDescriptionException>(() => PutAsync("pat", json));

        Assert.Equal([field], error.Errors.Keys);
        Assert.Equal(DatasetDescriptionException.ErrorCode, error.Code);
    }

    [Fact]
    public async Task PutDescription_RaggedRow_NamesTheFileAndLine()
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(20) + "p99,1.0,2.0\n");

        var error = await Assert.ThrowsAsync<DatasetDescriptionException>(() => PutAsync("pat",
            PatientTable.Description()));

        var message = Assert.Single(error.Errors["train"]);
        Assert.StartsWith("patients.csv: line 22", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutDescription_OverTheBound_IsTooLargeAndWritesNothing()
    {
        var store = new DatasetStore(_artifacts, new DatasetOptions { MaxTotalBytes = 500 });
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));

        var error = await Assert.ThrowsAsync<DatasetTooLargeException>(() => store.PutDescriptionAsync("pat",
            Encoding.UTF8.GetBytes(PatientTable.Description()), None));

        Assert.Contains("Hydra:Datasets:MaxTotalBytes", error.Message, StringComparison.Ordinal);
        Assert.False(await _artifacts.ExistsAsync("datasets/pat/dataset.json", None));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("Upper")]
    [InlineData("a")]
    [InlineData("with space")]
    public async Task PutDescription_BadName_IsRefused(string name)
    {
        await Assert.ThrowsAsync<Core.Errors.InvalidRequestException>(() => PutAsync(name, PatientTable.Description()));
    }

    [Fact]
    public async Task Snapshot_CommittedDataset_HoldsTheDescriptionAndItsFilesAtTheirVersions()
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));
        await UploadAsync("pat", "unused.csv", "a,b\n1,2\n");
        await PutAsync("pat", PatientTable.Description());

        var snapshot = await _store.SnapshotAsync("pat", None);

        Assert.Equal(["dataset.json", PatientTable.FileName], snapshot.Files.Select(f => f.Path));
        var listed = await _artifacts.ListInfoAsync("datasets/pat/", None);
        Assert.Equal(listed.Single(i => i.Path.EndsWith(PatientTable.FileName, StringComparison.Ordinal)).Version,
            snapshot.Files[1].Version);
        Assert.Equal(snapshot.Fingerprint, (await _store.SnapshotAsync("pat", None)).Fingerprint);
    }

    [Fact]
    public async Task Snapshot_NoDescription_IsNotFound()
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));

        var error = await Assert.ThrowsAsync<DatasetNotFoundException>(() => _store.SnapshotAsync("pat", None));

        Assert.Contains("datasets/pat/dataset.json does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_DescriptionWrittenPastTheChecksWithAPathOutside_IsRefused()
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));
        await UploadAsync("pat", "dataset.json", """{"train": "../../jobs/x/spec.json", "target": "diagnosis"}""");

        var error = await Assert.ThrowsAsync<DatasetDescriptionException>(() => _store.SnapshotAsync("pat", None));

        Assert.Equal(["train"], error.Errors.Keys);
    }

    [Fact]
    public async Task DescribeAndSnapshot_DescriptionUploadedOverTheBound_SayWhyWithoutReadingIt()
    {
        await UploadAsync("pat", PatientTable.FileName, PatientTable.Csv(30));
        await UploadAsync("pat", "dataset.json", "{\"name\": \"" + new string('x', 70_000) + "\"}");

        var described = await _store.DescribeAsync("pat", None);
        var error = await Assert.ThrowsAsync<DatasetDescriptionException>(() => _store.SnapshotAsync("pat", None));

        Assert.Equal(["body"], described.Errors!.Keys);
        Assert.Null(described.Description);
        Assert.Equal(["body"], error.Errors.Keys);
        Assert.Contains("at most 65536", error.Errors["body"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_CommittedAndUncommittedFolders_AreBothListed()
    {
        await UploadAsync("done", PatientTable.FileName, PatientTable.Csv(30));
        await PutAsync("done", PatientTable.Description());
        await UploadAsync("half", PatientTable.FileName, "id,x\n");

        var list = await _store.ListAsync(None);

        Assert.Equal([("done", true, 2), ("half", false, 1)], list.Select(d => (d.Name, d.Committed, d.Files)));
        var half = await _store.DescribeAsync("half", None);
        Assert.False(half.Committed);
        Assert.Contains("PUT /api/datasets/half/dataset.json", half.InspectionNote, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => _store.DescribeAsync("none", None));
    }

    private Task UploadAsync(string name, string path, string content) =>
        _artifacts.WriteAsync($"datasets/{name}/{path}", Encoding.UTF8.GetBytes(content), None);

    private Task<(DatasetManifest Manifest, bool Created)> PutAsync(string name, string json) =>
        _store.PutDescriptionAsync(name, Encoding.UTF8.GetBytes(json), None);
}
