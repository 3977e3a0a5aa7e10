using System.Text.Json;
using Azure.Storage.Blobs;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Testing.Azurite;
using Hydra.Testing.Datasets;
using Xunit.Abstractions;

namespace Hydra.Functions.Tests;

/// <summary>
/// The whole pipeline on Azurite: HTTP submission → queue dispatch → `hydra worker` processes training the members in
/// parallel → distillation → the blob-triggered ONNX conversion → HTTP scoring with epistemic uncertainty.
/// </summary>
[Collection("libtorch-processes")]
public sealed partial class PipelineEndToEndTests(AzuriteServer azurite, ITestOutputHelper output)
    : IClassFixture<AzuriteServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Pipeline_ThreeMemberJobOnTwoWorkers_EndsInAModelThatScoresWithEpistemicUncertainty()
    {
        using var app = new FunctionsApp(azurite);
        var body = """
            {"dataset":"spirals","members":3,"member_epochs":150,"kd_epochs":40,"hydra_phase1_epochs":20,
            "hydra_phase2_epochs":40,"hydra_plus":false,"train_limit":1500,"test_limit":300}
            """;

        var first = await SubmitAsync(app, body);
        var repeat = await SubmitAsync(app, body);
        var jobId = first.GetProperty("job_id").GetString()!;
        Assert.Equal(jobId, repeat.GetProperty("job_id").GetString());
        var states = new List<string> { (await GetAsync(app, jobId)).GetProperty("state").GetString()! };
        await TrainOnTwoWorkersAsync(app, jobId, states, requests: 2);

        await app.ConvertAsync(jobId, "hydra");

        var ready = await GetAsync(app, jobId);
        Assert.Equal("ready", ready.GetProperty("state").GetString());
        Assert.Equal([jobId], ready.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["queued", "training", "distilling", "converting", "ready"], Collapse([.. states, "ready"]));
        Assert.True(await Blob(app, "reports", $"{jobId}/report.json").ExistsAsync());

        var (scoreStatus, scores) = await ScoreAsync(app, jobId, [[0.1f, 0.2f], [0.5f, -0.4f], [7f, 7f]]);
        Assert.Equal(200, scoreStatus);
        var predictions = scores.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(3, predictions.Count);
        foreach (var p in predictions)
        {
            var (total, aleatoric, epistemic) = (p.GetProperty("total").GetDouble(),
                p.GetProperty("aleatoric").GetDouble(), p.GetProperty("epistemic").GetDouble());
            Assert.InRange(epistemic, 0, Math.Log(3));
            Assert.Equal(total, aleatoric + epistemic, 5);
        }

        // M heads that disagree: a distilled single head (KD) would give exactly zero everywhere.
        Assert.Contains(predictions, p => p.GetProperty("epistemic").GetDouble() > 1e-4);
        Assert.All(predictions, p => Assert.Equal(1.0, p.GetProperty("probabilities").EnumerateArray().Sum(c
            => c.GetDouble()), 4));

        await CorruptConversionKeepsTheServedModelAsync(app, jobId, scores.GetProperty("model_version").GetString()!);
    }

    [Fact]
    public async Task Pipeline_UsersCsvInDatasets_TrainsOnTwoWorkersAndScoresRowsByColumnName()
    {
        using var app = new FunctionsApp(azurite);
        var name = "patients-" + Guid.NewGuid().ToString("N")[..8];
        // As `az storage blob upload-batch -d datasets --destination-path {name}` would: the data first, then the
        // description through the API, which checks it and stores it last.
        await app.UploadDatasetFileAsync(name, PatientTable.FileName, PatientTable.Csv(300));
        var (put, _) = await app.PutDatasetDescriptionAsync(name, PatientTable.Description());
        Assert.Equal(201, put);
        var job = await SubmitAsync(app, $$"""
            {"dataset":"datasets/{{name}}","members":2,"member_epochs":60,"kd_epochs":30,"hydra_phase1_epochs":10,
            "hydra_phase2_epochs":30,"hydra_plus":false}
            """);
        var jobId = job.GetProperty("job_id").GetString()!;
        var (status, outputs) = await TrainOnTwoWorkersAsync(app, jobId, [], requests: 1);

        var files = status.GetProperty("dataset").GetProperty("files").EnumerateArray();
        Assert.Equal(["dataset.json", PatientTable.FileName], files.Select(f => f.GetProperty("path").GetString()));
        // Once per execution, however many of the job's units the worker ran (one took a member and the distillation).
        Assert.All(outputs, o => Assert.Single(o.Split('\n'), l => l.Contains($"Downloaded datasets/{name}:",
            StringComparison.Ordinal)));
        await app.ConvertAsync(jobId, "hydra");

        Assert.Equal("ready", (await GetAsync(app, jobId)).GetProperty("state").GetString());
        await ScoreByColumnNameAsync(app, jobId);
    }

    [Fact]
    public async Task Pipeline_WorkerKilledMidMember_AnotherFinishesWithoutRetrainingFinishedMembers()
    {
        using var app = new FunctionsApp(azurite);
        var body = """
            {"job_id":"killed-worker","dataset":"spirals","members":2,"member_epochs":150,"kd_epochs":5,
            "hydra_phase1_epochs":2,"hydra_phase2_epochs":5,"hydra_plus":false,"train_limit":1500,"test_limit":300}
            """;
        await SubmitAsync(app, body);
        await app.DispatchPendingRequestsAsync();
        var states = new List<string>();

        using var victim = WorkerProcess.Start("victim", app.Settings, idleExitSeconds: 30);
        await WatchAsync(app, "killed-worker", states, s =>
        {
            var members = s.GetProperty("members").EnumerateArray().ToList();
            return members.Count(m => m.GetProperty("state").GetString() == "done") == 1
                && members.Any(m => m.GetProperty("state").GetString() == "training");
        });
        victim.KillHard();
        var finished = (await app.JobStore.GetAsync("killed-worker", CancellationToken.None))!.Members.Single(m
            => m.State == MemberState.Done).Index;
        var card = Blob(app, "checkpoints", $"killed-worker/members/{finished}/model.json");
        var etag = (await card.GetPropertiesAsync()).Value.ETag;
        output.WriteLine(victim.Output);

        using var rescuer = WorkerProcess.Start("rescuer", app.Settings, idleExitSeconds: 10);
        var status = await WatchAsync(app, "killed-worker", states, s
            => s.GetProperty("state").GetString() is "converting" or "failed");
        Assert.Equal(0, await rescuer.WaitForExitAsync(Patience));
        output.WriteLine(rescuer.Output);

        Assert.Equal("converting", status.GetProperty("state").GetString());
        Assert.Equal(etag, (await card.GetPropertiesAsync()).Value.ETag);
        Assert.Equal("victim", status.GetProperty("members")[finished].GetProperty("worker").GetString());
        Assert.Equal("rescuer", status.GetProperty("members")[1 - finished].GetProperty("worker").GetString());
        Assert.True(await Blob(app, "checkpoints", "killed-worker/hydra/model.json").ExistsAsync());
        Assert.DoesNotContain($"killed-worker.member.{finished}", rescuer.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_SigtermMidMember_ReleasesTheUnitAndExitsCleanly()
    {
        using var app = new FunctionsApp(azurite);
        await SubmitAsync(app, """
            {"job_id":"sigterm-job","dataset":"spirals","members":1,"member_epochs":1000,"train_limit":1500}
            """);
        await app.DispatchPendingRequestsAsync();
        var states = new List<string>();
        using var worker = WorkerProcess.Start("stopped", app.Settings, idleExitSeconds: 0);
        await WatchAsync(app, "sigterm-job", states, s => s.GetProperty("members")[0].GetProperty(
            "state").GetString() == "training");

        worker.Terminate();
        var exit = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(worker.Output);

        Assert.Equal(0, exit);
        Assert.Contains("interrupted by shutdown", worker.Output, StringComparison.Ordinal);
        var status = (await app.JobStore.GetAsync("sigterm-job", CancellationToken.None))!;
        Assert.Equal(MemberState.Pending, status.Members[0].State);
        Assert.Equal(["sigterm-job.member.0"], (await app.PeekAsync(app.TrainerQueue)).Select(m
            => TrainingWorkItem.Parse(System.Text.Encoding.UTF8.GetBytes(m)).MessageId));
    }

    /// <summary>
    /// Dispatches the waiting requests to two `hydra worker` processes that are both polling, so each takes a member
    /// (a warm one could otherwise take them all), and watches the job until it converts; returns its status and the
    /// workers' output.
    /// </summary>
    private async Task<(JsonElement Status, string[] Outputs)> TrainOnTwoWorkersAsync(FunctionsApp app, string jobId,
        List<string> states, int requests)
    {
        using var workerA = WorkerProcess.Start("worker-a", app.Settings, idleExitSeconds: 8);
        using var workerB = WorkerProcess.Start("worker-b", app.Settings, idleExitSeconds: 8);
        await workerA.WaitForOutputAsync("waiting for training units", Patience);
        await workerB.WaitForOutputAsync("waiting for training units", Patience);
        Assert.Equal(requests, await app.DispatchPendingRequestsAsync());
        var status = await WatchAsync(app, jobId, states, s => s.GetProperty(
            "state").GetString() is "converting" or "failed");
        output.WriteLine(workerA.Output);
        output.WriteLine(workerB.Output);
        Assert.Equal("converting", status.GetProperty("state").GetString());
        var workers = status.GetProperty("members").EnumerateArray().Select(m
            => m.GetProperty("worker").GetString()).Distinct().ToList();
        Assert.Equal(["worker-a", "worker-b"], workers.Order(StringComparer.Ordinal));
        Assert.Equal(0, await workerA.WaitForExitAsync(Patience));
        Assert.Equal(0, await workerB.WaitForExitAsync(Patience));
        return (status, [workerA.Output, workerB.Output]);
    }

    /// <summary>
    /// Rows by column name against the served model: the encoding equals a hand computation from the manifest's
    /// schema, scoring by name equals scoring the hand-encoded row, the classes are the table's diagnoses.
    /// </summary>
    private static async Task ScoreByColumnNameAsync(FunctionsApp app, string modelId)
    {
        var request = FunctionsApp.Request("GET", $"/api/models/{modelId}");
        var summary = (await FunctionsApp.ExecuteAsync(request, app.Scoring.GetModelAsync(request, modelId))).Body;
        var input = JsonSerializer.Deserialize<InputSpec>(summary.GetProperty("input").GetRawText(),
            Core.HydraJson.Options)!;
        Assert.Equal(PatientTable.Classes, summary.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["mean radius", "texture", "clinic"], input.Columns!.FeatureNames);
        Assert.Equal(PatientTable.Clinics, input.Columns.Columns[2].Categories!);
        // mean radius 17.9, texture 21.3, clinic south → raw [17.9, 21.3, 0, 1, 0], then (x − mean_j) / std_j.
        float[] raw = [17.9f, 21.3f, 0f, 1f, 0f];
        var hand = raw.Select(x => (x - input.Normalization.Mean) / input.Normalization.Std)
            .Select((x, j) => (x - input.Features!.Mean[j]) / input.Features.Std[j]).ToArray();
        var named = new Dictionary<string, object?>
        {
            ["id"] = "p-new",
            ["mean radius"] = 17.9,
            ["texture"] = 21.3,
            ["clinic"] = "south",
        };
        Assert.Equal(hand, TabularPreprocessor.Encode(input, named), new FloatTolerance(1e-5f));

        var body = JsonSerializer.Serialize(new
        {
            rows = new object[] { named, raw, new Dictionary<string, object?>
            {
                ["mean radius"] = 9.0, ["texture"] = null, ["clinic"] = "east",
            } },
        });
        var score = FunctionsApp.Request("POST", $"/api/models/{modelId}/score", body);
        var (status, scores, _) = await FunctionsApp.ExecuteAsync(score, app.Scoring.ScoreAsync(score, modelId));

        Assert.Equal(200, status);
        var predictions = scores.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(predictions[1].GetProperty("probabilities").GetRawText(),
            predictions[0].GetProperty("probabilities").GetRawText());
        foreach (var p in predictions)
        {
            Assert.Contains(p.GetProperty("label").GetString(), PatientTable.Classes);
            Assert.Equal(1.0, p.GetProperty("probabilities").EnumerateArray().Sum(c => c.GetDouble()), 4);
            var (total, aleatoric, epistemic) = (p.GetProperty("total").GetDouble(),
                p.GetProperty("aleatoric").GetDouble(), p.GetProperty("epistemic").GetDouble());
            Assert.InRange(epistemic, 0, Math.Log(2));
            Assert.Equal(total, aleatoric + epistemic, 5);
            Assert.True(p.TryGetProperty("epistemic_quantile", out _));
        }

        Assert.Equal(["clinic"], predictions[2].GetProperty("unseen_categories").EnumerateArray().Select(c
            => c.GetString()));
        Assert.Equal("malignant", predictions[0].GetProperty("label").GetString());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }

    /// <summary>
    /// A retrained checkpoint whose weights do not match its card: conversion refuses it, the old model still serves.
    /// </summary>
    private static async Task CorruptConversionKeepsTheServedModelAsync(FunctionsApp app, string jobId,
        string servedVersion)
    {
        var card = Blob(app, "checkpoints", $"{jobId}/hydra/model.json");
        var json = (await card.DownloadContentAsync()).Value.Content.ToString();
        var sha = JsonDocument.Parse(json).RootElement.GetProperty("weights").GetProperty("sha256").GetString()!;
        await card.UploadAsync(BinaryData.FromString(json.Replace(sha, new string('0', sha.Length),
            StringComparison.Ordinal)), overwrite: true);

        await app.ConvertAsync(jobId, "hydra");

        var status = await GetAsync(app, jobId);
        Assert.Contains("ONNX failed", status.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var (code, scores) = await ScoreAsync(app, jobId, [[0.1f, 0.2f]]);
        Assert.Equal(200, code);
        Assert.Equal(servedVersion, scores.GetProperty("model_version").GetString());
    }

    private static async Task<JsonElement> WatchAsync(FunctionsApp app, string jobId, List<string> states,
        Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var status = await GetAsync(app, jobId);
            states.Add(status.GetProperty("state").GetString()!);
            if (done(status))
            {
                return status;
            }

            await Task.Delay(150);
        }

        throw new TimeoutException(
            $"Job {jobId} did not get there in {Patience}; states seen: {string.Join(" → ", Collapse(states))}");
    }

    private static List<string> Collapse(IEnumerable<string> states)
    {
        var collapsed = new List<string>();
        foreach (var state in states)
        {
            if (collapsed.Count == 0 || collapsed[^1] != state)
            {
                collapsed.Add(state);
            }
        }

        return collapsed;
    }

    private static BlobClient Blob(FunctionsApp app, string container, string name) =>
        app.Blobs.GetBlobContainerClient(container).GetBlobClient(name);

    private static async Task<JsonElement> SubmitAsync(FunctionsApp app, string body)
    {
        var request = FunctionsApp.Request("POST", "/api/training-jobs", body);
        var (status, json, _) = await FunctionsApp.ExecuteAsync(request, app.Jobs.SubmitAsync(request));
        Assert.Equal(202, status);
        return json;
    }

    private static async Task<JsonElement> GetAsync(FunctionsApp app, string jobId)
    {
        var request = FunctionsApp.Request("GET", $"/api/training-jobs/{jobId}");
        return (await FunctionsApp.ExecuteAsync(request, app.Jobs.GetAsync(request, jobId))).Body;
    }

    private static async Task<(int Status, JsonElement Body)> ScoreAsync(FunctionsApp app, string modelId,
        float[][] rows)
    {
        var request = FunctionsApp.Request("POST", $"/api/models/{modelId}/score",
            JsonSerializer.Serialize(new { rows }));
        var (status, body, _) = await FunctionsApp.ExecuteAsync(request, app.Scoring.ScoreAsync(request, modelId));
        return (status, body);
    }
}
