using System.Text.Json;
using Hydra.Core.Jobs;
using Hydra.Testing.Azurite;
using Microsoft.Extensions.Time.Testing;

namespace Hydra.Functions.Tests;

/// <summary>
/// The training-job routes and the queue-triggered dispatch against a real Azurite: contracts and every bad input.
/// </summary>
public sealed class TrainingJobFunctionsTests : IClassFixture<AzuriteServer>, IDisposable
{
    private const string SmallJob = """
        {"dataset":"spirals","members":2,"member_epochs":1,"kd_epochs":1,"hydra_phase1_epochs":1,
        "hydra_phase2_epochs":1,"train_limit":100}
        """;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FunctionsApp _app;

    public TrainingJobFunctionsTests(AzuriteServer azurite)
    {
        _app = new FunctionsApp(azurite, clock: _clock);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Submit_SameBodyTwice_OneJobAndOneUnitPerMember()
    {
        var first = await SubmitAsync(SmallJob);
        var second = await SubmitAsync(SmallJob);
        await _app.DispatchPendingRequestsAsync();

        Assert.Equal(202, first.Status);
        Assert.Equal(202, second.Status);
        var jobId = first.Body.GetProperty("job_id").GetString()!;
        Assert.Equal(jobId, second.Body.GetProperty("job_id").GetString());
        Assert.True(first.Body.GetProperty("created").GetBoolean());
        Assert.False(second.Body.GetProperty("created").GetBoolean());
        Assert.Equal($"/api/training-jobs/{jobId}", first.Body.GetProperty("status_url").GetString());
        // Other tests' requests share the emulator's "training-requests" queue; only this job's units count here.
        var units = (await _app.PeekAsync(_app.TrainerQueue)).Select(m
            => TrainingWorkItem.Parse(System.Text.Encoding.UTF8.GetBytes(m))).Where(u => u.JobId == jobId).ToList();
        Assert.Equal([$"{jobId}.member.0", $"{jobId}.member.1"], units.Select(u
            => u.MessageId).Order(StringComparer.Ordinal));
        var status = await GetAsync(jobId);
        Assert.Equal(200, status.Status);
        Assert.Equal("queued", status.Body.GetProperty("state").GetString());
        Assert.Equal(2, status.Body.GetProperty("members").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"dataset\": ", "invalid-input")]
    [InlineData("", "invalid-input")]
    [InlineData("[1,2,3]", "invalid-job")]
    [InlineData("{\"dataset\":\"imagenet\",\"members\":99}", "invalid-job")]
    [InlineData("{\"dataset\":\"spirals\",\"job_id\":\"UPPER_case\"}", "invalid-job")]
    public async Task Submit_BadBody_Is400ProblemAndQueuesNothing(string body, string code)
    {
        var (status, problem, contentType) = await SubmitAsync(body);

        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal("/api/training-jobs", problem.GetProperty("instance").GetString());
        Assert.Empty(await _app.PeekAsync("training-requests"));
    }

    [Fact]
    public async Task Submit_InvalidFields_NamesEachFieldInErrors()
    {
        var (_, problem, _) = await SubmitAsync(
            """{"dataset":"imagenet","members":99,"learning_rate":-1,"hydra_plus_recipe":"fast"}""");

        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["dataset", "hydra_plus_recipe", "learning_rate", "members"], fields);
        Assert.Equal("Unknown recipe 'fast'; one of: per-batch, pooled, pooled-mixed.",
            problem.GetProperty("errors").GetProperty("hydra_plus_recipe")[0].GetString());
    }

    [Fact]
    public async Task Submit_TeacherFolderThatIsNotThere_Is404AndQueuesNothing()
    {
        var (status, problem, _) = await SubmitAsync(
            """{"job_id":"no-teachers","dataset":"spirals","teachers":"teachers/nobody-uploaded-these"}""");

        Assert.Equal(404, status);
        Assert.Equal("input-not-found", problem.GetProperty("code").GetString());
        Assert.Contains("teachers/nobody-uploaded-these/", problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(404, (await GetAsync("no-teachers")).Status);
        // Other tests share the emulator's "training-requests" queue: only this request must not be there.
        Assert.DoesNotContain(await _app.PeekAsync("training-requests"), m => m.Contains("nobody-uploaded-these",
            StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("teachers/../datasets/x", null)]
    [InlineData("teachers/ens", "notes.txt")]
    [InlineData("teachers/ens", "nested/member-0.onnx")]
    public async Task Submit_TeachersOutsideTheRules_Is400OnTheTeachersField(string teachers, string? extraFile)
    {
        var folder = "ens-" + Guid.NewGuid().ToString("N")[..8];
        var container = _app.Blobs.GetBlobContainerClient("teachers");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{folder}/member-0.onnx").UploadAsync(BinaryData.FromString("x"));
        if (extraFile is not null)
        {
            await container.GetBlobClient($"{folder}/{extraFile}").UploadAsync(BinaryData.FromString("x"));
        }

        var (status, problem, _) = await SubmitAsync(
            $$"""{"dataset":"spirals","teachers":"{{teachers.Replace("ens", folder, StringComparison.Ordinal)}}"}""");

        Assert.Equal(400, status);
        Assert.Equal("invalid-job", problem.GetProperty("code").GetString());
        Assert.Equal(["teachers"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(await _app.PeekAsync("training-requests"), m => m.Contains("\"teachers\"",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_BodyOverTheBound_Is413()
    {
        var huge = "{\"dataset\":\"spirals\",\"pad\":\"" + new string('x', 300_000) + "\"}";

        var (status, problem, _) = await SubmitAsync(huge);

        Assert.Equal(413, status);
        Assert.Equal("payload-too-large", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Submit_ExistingIdWithOtherContent_Is409()
    {
        await SubmitAsync("""{"job_id":"fixed-id","dataset":"spirals","members":2}""");

        var (status, problem, _) = await SubmitAsync("""{"job_id":"fixed-id","dataset":"spirals","members":3}""");

        Assert.Equal(409, status);
        Assert.Equal("job-conflict", problem.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("no-such-job")]
    [InlineData("../../etc")]
    public async Task Get_UnknownJob_Is404Problem(string jobId)
    {
        var (status, problem, _) = await GetAsync(jobId);

        Assert.Equal(404, status);
        Assert.Equal("unknown-job", problem.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("?limit=abc")]
    [InlineData("?limit=0")]
    [InlineData("?limit=100000")]
    public async Task List_BadLimit_Is400(string query)
    {
        var request = FunctionsApp.Request("GET", "/api/training-jobs", query: query);

        var (status, _, _) = await FunctionsApp.ExecuteAsync(request, _app.Jobs.ListAsync(request));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task List_NewestFirst()
    {
        // Ids in the opposite ordinal order, so that the tie-break on the id alone would put the older job first.
        await SubmitAsync("""{"job_id":"a-older-job","dataset":"spirals"}""");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SubmitAsync("""{"job_id":"b-newer-job","dataset":"spirals"}""");
        var request = FunctionsApp.Request("GET", "/api/training-jobs", query: "?limit=500");

        var (status, body, _) = await FunctionsApp.ExecuteAsync(request, _app.Jobs.ListAsync(request));

        Assert.Equal(200, status);
        var ids = body.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job_id").GetString()).ToList();
        Assert.Equal(["b-newer-job", "a-older-job"], ids);
    }

    [Fact]
    public async Task Dispatch_NotJson_IsParkedOnPoisonWithTheReason()
    {
        await _app.SendRawRequestAsync("this is not json");

        await _app.DispatchPendingRequestsAsync();

        var parked = (await _app.PeekAsync("training-requests-poison")).Select(m
            => JsonDocument.Parse(m).RootElement).ToList();
        var envelope = Assert.Single(parked, p => p.GetProperty("body").GetString() == "this is not json");
        Assert.Contains("Not a training job request", envelope.GetProperty("reason").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_ImpossibleRequestWithAnId_FailsTheJobWithTheReason()
    {
        await _app.SendRawRequestAsync("""{"job_id":"doomed-job","dataset":"cifar-1000"}""");

        await _app.DispatchPendingRequestsAsync();

        var status = await GetAsync("doomed-job");
        Assert.Equal("failed", status.Body.GetProperty("state").GetString());
        Assert.Contains("Unknown dataset 'cifar-1000'", status.Body.GetProperty("reason").GetString(),
            StringComparison.Ordinal);
        Assert.Contains(await _app.PeekAsync("training-requests-poison"), m => m.Contains("doomed-job",
            StringComparison.Ordinal));
        Assert.DoesNotContain(await _app.PeekAsync(_app.TrainerQueue), m => m.Contains("doomed-job",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScoreAndModel_UnknownModel_Are404Problems()
    {
        var score = FunctionsApp.Request("POST", "/api/models/ghost/score", """{"rows":[[0,0]]}""");
        var model = FunctionsApp.Request("GET", "/api/models/ghost");

        var scored = await FunctionsApp.ExecuteAsync(score, _app.Scoring.ScoreAsync(score, "ghost"));
        var got = await FunctionsApp.ExecuteAsync(model, _app.Scoring.GetModelAsync(model, "ghost"));

        Assert.Equal((404, "unknown-model"), (scored.Status, scored.Body.GetProperty("code").GetString()));
        Assert.Equal((404, "unknown-model"), (got.Status, got.Body.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Health_IsAnonymousAndHealthy()
    {
        var request = FunctionsApp.Request("GET", "/api/health");

        var (status, body, _) = await FunctionsApp.ExecuteAsync(request, Task.FromResult(HealthFunction.Run(request)));

        Assert.Equal(200, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    private Task<(int Status, JsonElement Body, string? ContentType)> SubmitAsync(string body)
    {
        var request = FunctionsApp.Request("POST", "/api/training-jobs", body);
        return FunctionsApp.ExecuteAsync(request, _app.Jobs.SubmitAsync(request));
    }

    private Task<(int Status, JsonElement Body, string? ContentType)> GetAsync(string jobId)
    {
        var request = FunctionsApp.Request("GET", $"/api/training-jobs/{jobId}");
        return FunctionsApp.ExecuteAsync(request, _app.Jobs.GetAsync(request, jobId));
    }
}
