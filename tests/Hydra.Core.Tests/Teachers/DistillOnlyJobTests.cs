using System.Text;
using System.Text.Json;
using Hydra.Core.Errors;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;

namespace Hydra.Core.Tests.Teachers;

/// <summary>
/// A job with "teachers": "teachers/{name}" is refused before anything is queued when its folder is missing or breaks
/// a rule, and otherwise queues its distillation unit straight away, with no member units.
/// </summary>
public sealed class DistillOnlyJobTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryTrainerTransport _transport = new();
    private readonly FolderArtifactStore _artifacts;

    public DistillOnlyJobTests()
    {
        _artifacts = new FolderArtifactStore(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DispatchAsync_TeacherFolder_QueuesOnlyTheDistillationOnceAndListsTheTeachers()
    {
        await WriteAsync("ens", "b.onnx", 20);
        await WriteAsync("ens", "a.onnx", 10);
        var message = Json(new TrainingJobRequest
        {
            JobId = "byo-job",
            Dataset = "spirals",
            Teachers = "teachers/ens",
        });

        var first = await Dispatcher().DispatchAsync(message, CancellationToken.None);
        var second = await Dispatcher().DispatchAsync(message, CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(["byo-job.distill"], _transport.Sent.Select(s => s.MessageId));
        var status = (await _jobs.GetAsync("byo-job", CancellationToken.None))!;
        Assert.Equal(TrainingJobState.Queued, status.State);
        Assert.Empty(status.Members);
        Assert.Equal("teachers/ens", status.Teachers!.Folder);
        Assert.Equal([new TeacherFile("a.onnx", 10, null), new TeacherFile("b.onnx", 20, null)], status.Teachers.Files);
        Assert.Equal(["a.onnx", "b.onnx"], first.Spec.Teachers!.Teachers.Select(f => f.Path));
    }

    [Fact]
    public void Status_TeachersBeforeAndAfterHashing_RoundTripThroughTheJobStoresJson()
    {
        var listed = TrainingJobStatus.QueuedForTeachers("job", new TeacherDigest("teachers/ens",
            [new TeacherFile("a.onnx", 10)]), expectedModels: 1, DateTimeOffset.UnixEpoch);
        var hashed = listed.RecordTeachers(new TeacherDigest("teachers/ens", [new TeacherFile("a.onnx", 10, "ab")]));

        foreach (var status in new[] { listed, hashed })
        {
            var back = JsonSerializer.Deserialize<TrainingJobStatus>(JsonSerializer.Serialize(status,
                HydraJson.Options), HydraJson.Options)!;
            Assert.Equal(status.Teachers!.Files, back.Teachers!.Files);
        }

        Assert.Same(hashed, hashed.RecordTeachers(new TeacherDigest("teachers/ens", [new TeacherFile("a.onnx", 10,
            "cd")])));
    }

    [Fact]
    public async Task AcceptAsync_NewTeachersUnderTheSameName_MakeANewJob()
    {
        await WriteAsync("ens", "a.onnx", 10);
        var request = new TrainingJobRequest { Dataset = "spirals", Teachers = "teachers/ens" };
        var before = await Dispatcher().AcceptAsync(request, CancellationToken.None);

        await WriteAsync("ens", "a.onnx", 11);
        var after = await Dispatcher().AcceptAsync(request, CancellationToken.None);

        Assert.NotEqual(before.Spec.JobId, after.Spec.JobId);
    }

    [Fact]
    public async Task AcceptAsync_MissingFolder_IsNotFoundAndStoresNothing()
    {
        var request = new TrainingJobRequest { JobId = "no-teachers", Dataset = "spirals", Teachers = "teachers/none" };

        var error = await Assert.ThrowsAsync<InputNotFoundException>(() => Dispatcher().AcceptAsync(request,
            CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("teachers/none/", error.Message, StringComparison.Ordinal);
        Assert.Null(await _jobs.GetAsync("no-teachers", CancellationToken.None));
        Assert.False(await _artifacts.ExistsAsync(JobPaths.Spec("no-teachers"), CancellationToken.None));
    }

    [Theory]
    [InlineData("teachers/../datasets/x")]
    [InlineData("/teachers/ens")]
    [InlineData("teachers/")]
    [InlineData("teachers/Ens")]
    [InlineData("datasets/ens")]
    public void Validate_TeachersNotAFolderReference_NamesTheField(string teachers)
    {
        var errors = JobRequestValidator.Validate(new TrainingJobRequest { Dataset = "spirals", Teachers = teachers });

        Assert.Equal(["teachers"], errors.Keys);
        Assert.Contains($"'{teachers}'", errors["teachers"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.txt", 10, "neither a teacher")]
    [InlineData("sub/a.onnx", 10, "sub-folder")]
    [InlineData("big.onnx", 101, "holds 101 bytes; a teacher file may hold at most 100")]
    public async Task AcceptAsync_FileBreakingARule_Is400OnTeachersNamingIt(string file, int bytes, string problem)
    {
        await WriteAsync("ens", "a.onnx", 10);
        await WriteAsync("ens", file, bytes);

        var error = await Assert.ThrowsAsync<JobValidationException>(() => Dispatcher(maxFileBytes: 100)
            .AcceptAsync(new TrainingJobRequest { Dataset = "spirals", Teachers = "teachers/ens" },
                CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Contains(problem, Assert.Single(error.Errors["teachers"]), StringComparison.Ordinal);
        Assert.Empty(await _jobs.ListAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task AcceptAsync_MoreTeachersThanMembersAllowed_IsRefused()
    {
        for (var i = 0; i <= JobRequestValidator.MaxMembers; i++)
        {
            await WriteAsync("many", $"m{i:D2}.onnx", 1);
        }

        var error = await Assert.ThrowsAsync<JobValidationException>(() => Dispatcher().AcceptAsync(
            new TrainingJobRequest { Dataset = "spirals", Teachers = "teachers/many" }, CancellationToken.None));

        Assert.Contains("holds 17 teachers; at most 16", error.Errors["teachers"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptAsync_OnlyCompanionFiles_IsRefused()
    {
        await WriteAsync("spec-only", TeacherFolder.ArchitectureFileName, 5);

        var error = await Assert.ThrowsAsync<JobValidationException>(() => Dispatcher().AcceptAsync(
            new TrainingJobRequest { Dataset = "spirals", Teachers = "teachers/spec-only" }, CancellationToken.None));

        Assert.Contains("holds no .onnx or .safetensors file", error.Errors["teachers"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.onnx")]
    [InlineData("x/../../escape.onnx")]
    [InlineData("/etc/escape.onnx")]
    public async Task SnapshotAsync_ListedNameLeavingTheFolder_IsRefused(string name)
    {
        var store = new ListedStore(new Dictionary<string, byte[]>
        {
            ["teachers/ens/a.onnx"] = [1, 2, 3],
            ["teachers/ens/" + name] = [4],
        });

        var error = await Assert.ThrowsAsync<JobValidationException>(() => new TeacherStore(store)
            .SnapshotAsync("ens", CancellationToken.None));

        Assert.Contains($"'{name}'", Assert.Single(error.Errors["teachers"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_FileReplacedAfterSubmission_FailsNamingTheTeacher()
    {
        await WriteAsync("ens", "a.onnx", 10);
        var snapshot = await new TeacherStore(_artifacts).SnapshotAsync("ens", CancellationToken.None);
        await WriteAsync("ens", "a.onnx", 12);

        var error = await Assert.ThrowsAsync<TeacherException>(() => new TeacherDownloader(_artifacts)
            .DownloadAsync(snapshot, _temp.File("local"), CancellationToken.None));

        Assert.Equal("a.onnx", error.Teacher);
        Assert.True(ErrorKinds.IsPermanent(error.Kind));
    }

    [Fact]
    public async Task DownloadAsync_Unchanged_HashesEveryFileAsSha256sumWould()
    {
        await WriteAsync("ens", "a.onnx", 3);
        await WriteAsync("ens", TeacherFolder.ArchitectureFileName, 2);
        var snapshot = await new TeacherStore(_artifacts).SnapshotAsync("ens", CancellationToken.None);

        var local = await new TeacherDownloader(_artifacts).DownloadAsync(snapshot, _temp.File("local"),
            CancellationToken.None);

        Assert.Equal([Path.Combine(_temp.File("local"), "a.onnx")], local.Files);
        Assert.Equal(Path.Combine(_temp.File("local"), TeacherFolder.ArchitectureFileName), local.ArchitecturePath);
        Assert.Null(local.RenamePath);
        // SHA-256 of the three bytes 'a' 'a' 'a' (printf aaa | sha256sum).
        Assert.Equal("9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
            local.Digest.Files.Single(f => f.Name == "a.onnx").Sha256);
        Assert.True(local.Digest.Hashed);
    }

    private JobDispatcher Dispatcher(long maxFileBytes = 1024) => new(_jobs, _artifacts, _transport,
        TimeProvider.System,
        teachers: new TeacherStore(_artifacts, new TeacherOptions { MaxFileBytes = maxFileBytes }));

    private Task WriteAsync(string folder, string file, int bytes) => _artifacts.WriteAsync(
        $"teachers/{folder}/{file}", Encoding.ASCII.GetBytes(new string('a', bytes)), CancellationToken.None);

    private static byte[] Json(TrainingJobRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(request, HydraJson.Options);

    /// <summary>A store whose listing holds any names at all, as a blob container's may.</summary>
    private sealed class ListedStore(Dictionary<string, byte[]> blobs) : IArtifactStore
    {
        public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
            Task.FromResult(blobs.ContainsKey(path));

        public Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken) =>
            blobs.TryGetValue(path, out var content) ? Task.FromResult(content) : throw new FileNotFoundException(path);

        public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([.. blobs.Keys.Where(k => k.StartsWith(prefix,
                StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
