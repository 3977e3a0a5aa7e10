using System.Text.Json;
using Hydra.Core.Jobs;
using Hydra.Testing.Azurite;
using Hydra.Testing.Datasets;

namespace Hydra.Functions.Tests;

/// <summary>
/// The dataset routes and a job's dataset checks on a real Azurite: files uploaded as a user would, dataset.json PUT
/// through the function class, every bad description a 400 naming the field, and submissions that name a stored
/// dataset refused before anything is queued unless it is there and trainable.
/// </summary>
public sealed class DatasetFunctionsTests : IClassFixture<AzuriteServer>, IDisposable
{
    private readonly AzuriteServer _azurite;
    private readonly FunctionsApp _app;
    private readonly string _name = "pat-" + Guid.NewGuid().ToString("N")[..8];

    public DatasetFunctionsTests(AzuriteServer azurite)
    {
        _azurite = azurite;
        _app = new FunctionsApp(azurite);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Put_AfterTheUpload_Is201ThenListsAndDescribesTheDataset()
    {
        await _app.UploadDatasetFileAsync(_name, PatientTable.FileName, PatientTable.Csv(50));

        var (status, body) = await _app.PutDatasetDescriptionAsync(_name, PatientTable.Description());
        var again = await _app.PutDatasetDescriptionAsync(_name, PatientTable.Description());
        var listed = await ExecuteAsync("GET", "/api/datasets", r => _app.Datasets.ListAsync(r));
        var described = await ExecuteAsync("GET", $"/api/datasets/{_name}", r => _app.Datasets.GetAsync(r, _name));

        Assert.Equal((201, 200), (status, again.Status));
        Assert.Equal($"datasets/{_name}", body.GetProperty("dataset").GetString());
        var dataset = listed.Body.GetProperty("datasets").EnumerateArray().Single(d
            => d.GetProperty("name").GetString() == _name);
        Assert.True(dataset.GetProperty("committed").GetBoolean());
        Assert.Equal(200, described.Status);
        var files = described.Body.GetProperty("files").EnumerateArray().ToDictionary(f
            => f.GetProperty("path").GetString()!, f => f.GetProperty("bytes").GetInt64());
        Assert.Equal(["dataset.json", PatientTable.FileName], files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(PatientTable.Csv(50)), files[PatientTable.FileName]);
        var inspection = described.Body.GetProperty("inspection");
        Assert.Equal(50, inspection.GetProperty("rows").GetInt32());
        Assert.Equal("diagnosis", inspection.GetProperty("target").GetString());
        Assert.Equal("classification", inspection.GetProperty("task").GetString());
    }

    [Theory]
    [InlineData("""{"train": "../other/patients.csv", "target": "diagnosis"}""", "train")]
    [InlineData("""{"train": "https://example.com/p.csv", "target": "diagnosis"}""", "train")]
    [InlineData("""{"train": "patients.csv", "target": "diagnosis", "test": "missing.csv"}""", "test")]
    [InlineData("""{"train": "patients.csv", "target": "no-such-column"}""", "target")]
    [InlineData("""{"train": "patients.csv", "target": "diagnosis", "oops": 1}""", "oops")]
    public async Task Put_BadDescription_Is400ProblemNamingTheField(string json, string field)
    {
        await _app.UploadDatasetFileAsync(_name, PatientTable.FileName, PatientTable.Csv(20));

        var (status, problem) = await _app.PutDatasetDescriptionAsync(_name, json);

        Assert.Equal(400, status);
        Assert.Equal("invalid-dataset-description", problem.GetProperty("code").GetString());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var stored = await _app.Blobs.GetBlobContainerClient("datasets").GetBlobClient($"{_name}/dataset.json")
            .ExistsAsync();
        Assert.False(stored.Value);
    }

    [Fact]
    public async Task Put_DatasetOverTheConfiguredBound_Is413()
    {
        using var small = new FunctionsApp(_azurite, settings: ("Hydra:Datasets:MaxTotalBytes", "256"));
        await small.UploadDatasetFileAsync(_name, PatientTable.FileName, PatientTable.Csv(20));

        var (status, problem) = await small.PutDatasetDescriptionAsync(_name, PatientTable.Description());

        Assert.Equal((413, "dataset-too-large"), (status, problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Put_GzipTableInflatingPastTheConfiguredLimit_Is400NamingTheSetting()
    {
        // 50 rows of CSV are about 4 KB inflated: over a 1 KiB limit, which the worker would stop at too.
        using var strict = new FunctionsApp(_azurite, settings: ("Hydra:Data:Limits:MaxInflatedBytes", "1024"));
        var gzip = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(gzip, System.IO.Compression.CompressionLevel.Optimal,
            leaveOpen: true))
        {
            zip.Write(System.Text.Encoding.UTF8.GetBytes(PatientTable.Csv(50)));
        }

        await strict.UploadDatasetFileAsync(_name, "patients.csv.gz", new BinaryData(gzip.ToArray()));
        var description = PatientTable.Description().Replace(PatientTable.FileName, "patients.csv.gz",
            StringComparison.Ordinal);

        var (status, problem) = await strict.PutDatasetDescriptionAsync(_name, description);
        var (defaultStatus, _) = await _app.PutDatasetDescriptionAsync(_name, description);

        Assert.Equal((400, 201), (status, defaultStatus));
        var reason = problem.GetProperty("errors").GetProperty("train")[0].GetString()!;
        Assert.Contains("inflates to more than 1 KiB, the limit on decompressed data (setting "
            + "Hydra:Data:Limits:MaxInflatedBytes)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ParquetTable_IsInspectedLikeACsv()
    {
        using var folder = new TempDirectory();
        var csv = folder.File(PatientTable.FileName);
        File.WriteAllText(csv, PatientTable.Csv(40));
        var parquet = folder.File("patients.parquet");
        Hydra.Core.Data.Tabular.ParquetTableWriter.Convert(csv, parquet);
        await _app.UploadDatasetFileAsync(_name, "patients.parquet", new BinaryData(File.ReadAllBytes(parquet)));
        var description = PatientTable.Description().Replace(PatientTable.FileName, "patients.parquet",
            StringComparison.Ordinal);

        var (status, _) = await _app.PutDatasetDescriptionAsync(_name, description);
        var described = await ExecuteAsync("GET", $"/api/datasets/{_name}", r => _app.Datasets.GetAsync(r, _name));

        Assert.Equal(201, status);
        var inspection = described.Body.GetProperty("inspection");
        Assert.Equal(40, inspection.GetProperty("rows").GetInt32());
        Assert.Equal("diagnosis", inspection.GetProperty("target").GetString());
        Assert.Equal("classification", inspection.GetProperty("task").GetString());
    }

    [Fact]
    public async Task Get_UnknownDataset_Is404()
    {
        var (status, problem) = await ExecuteAsync("GET", "/api/datasets/nothing-here",
            r => _app.Datasets.GetAsync(r, "nothing-here"));

        Assert.Equal((404, "unknown-dataset"), (status, problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Submit_StoredDataset_RecordsEveryFileAtItsVersionInTheSpec()
    {
        await CommitAsync();

        var (status, body) = await SubmitAsync($$"""{"dataset":"datasets/{{_name}}","members":2}""");

        Assert.Equal(202, status);
        var jobId = body.GetProperty("job_id").GetString()!;
        Assert.StartsWith(_name, jobId, StringComparison.Ordinal);
        var spec = JsonDocument.Parse((await _app.Blobs.GetBlobContainerClient("jobs").GetBlobClient(
            $"{jobId}/spec.json").DownloadContentAsync()).Value.Content.ToString()).RootElement;
        var files = spec.GetProperty("dataset").GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["dataset.json", PatientTable.FileName], files.Select(f => f.GetProperty("path").GetString()));
        Assert.All(files, f => Assert.False(string.IsNullOrEmpty(f.GetProperty("version").GetString())));
    }

    [Fact]
    public async Task Submit_SameRequestAfterNewDataWereUploaded_IsANewJob()
    {
        await CommitAsync();
        var first = await SubmitAsync($$"""{"dataset":"datasets/{{_name}}","members":2}""");

        await _app.UploadDatasetFileAsync(_name, PatientTable.FileName, PatientTable.Csv(50, seed: 9));
        var second = await SubmitAsync($$"""{"dataset":"datasets/{{_name}}","members":2}""");

        Assert.NotEqual(first.Body.GetProperty("job_id").GetString(), second.Body.GetProperty("job_id").GetString());
    }

    [Theory]
    [InlineData("datasets/never-uploaded", 404, "unknown-dataset")]
    [InlineData("datasets/../jobs", 400, "invalid-job")]
    [InlineData("datasets/UPPER", 400, "invalid-job")]
    public async Task Submit_MissingOrMalformedStoredDataset_IsAProblemAndQueuesNothing(string dataset, int expected,
        string code)
    {
        var (status, problem) = await SubmitAsync($$"""{"dataset":"{{dataset}}"}""");

        Assert.Equal((expected, code), (status, problem.GetProperty("code").GetString()));
        Assert.Empty(await _app.PeekAsync("training-requests"));
    }

    [Fact]
    public async Task Submit_DescriptionUploadedPastTheChecksNamingAMissingFile_Is400NamingTheField()
    {
        await _app.UploadDatasetFileAsync(_name, PatientTable.FileName, PatientTable.Csv(20));
        await _app.UploadDatasetFileAsync(_name, "dataset.json", PatientTable.Description(test: "test.csv"));

        var (status, problem) = await SubmitAsync($$"""{"dataset":"datasets/{{_name}}"}""");

        Assert.Equal((400, "invalid-job"), (status, problem.GetProperty("code").GetString()));
        Assert.Equal(["dataset.test"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Dispatch_MessageNamingAMissingDataset_IsParkedAndTheJobFailedWithTheReason()
    {
        var jobId = "ds-missing-" + _name[4..];
        await _app.SendRawRequestAsync($$"""{"job_id":"{{jobId}}","dataset":"datasets/{{_name}}"}""");

        await _app.DispatchPendingRequestsAsync();

        var status = (await _app.JobStore.GetAsync(jobId, CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Failed, status.State);
        Assert.StartsWith($"No dataset 'datasets/{_name}'", status.Reason, StringComparison.Ordinal);
        Assert.Contains(await _app.PeekAsync("training-requests-poison"), m => m.Contains(jobId,
            StringComparison.Ordinal));
        Assert.DoesNotContain(await _app.PeekAsync(_app.TrainerQueue), m => m.Contains(jobId,
            StringComparison.Ordinal));
    }

    private async Task CommitAsync()
    {
        await _app.UploadDatasetFileAsync(_name, PatientTable.FileName, PatientTable.Csv(50));
        var (status, _) = await _app.PutDatasetDescriptionAsync(_name, PatientTable.Description());
        Assert.Equal(201, status);
    }

    private Task<(int Status, JsonElement Body)> SubmitAsync(string body) =>
        ExecuteAsync("POST", "/api/training-jobs", r => _app.Jobs.SubmitAsync(r), body);

    private static async Task<(int Status, JsonElement Body)> ExecuteAsync(string method, string path,
        Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> handler,
        string? body = null)
    {
        var request = FunctionsApp.Request(method, path, body);
        var (status, json, _) = await FunctionsApp.ExecuteAsync(request, handler(request));
        return (status, json);
    }
}
