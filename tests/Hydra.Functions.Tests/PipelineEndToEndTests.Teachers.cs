using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Hydra.Core.Models;
using Hydra.Testing.Datasets;

namespace Hydra.Functions.Tests;

/// <summary>
/// A distill-only job on Azurite: the user's table in "datasets", teachers trained elsewhere (here: by `hydra run` on
/// the same table and exported with `hydra export --as-teachers`) in "teachers"; no member unit is queued, one worker
/// distils, the job and the model cards name every teacher with its SHA-256, the Hydra converts and scores. A teacher
/// that cannot be read fails its job once, naming it.
/// </summary>
public sealed partial class PipelineEndToEndTests
{
    [Fact]
    public async Task Pipeline_DistillOnlyJob_SkipsTheMembersAndServesAHydraThatNamesItsTeachers()
    {
        using var app = new FunctionsApp(azurite);
        using var temp = new TempDirectory();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (dataset, teachers, broken) = ($"patients-{suffix}", $"ens-{suffix}", $"broken-{suffix}");
        await app.UploadDatasetFileAsync(dataset, PatientTable.FileName, PatientTable.Csv(300));
        Assert.Equal(201, (await app.PutDatasetDescriptionAsync(dataset, PatientTable.Description())).Status);
        var files = await ExportTeachersAsync(temp, PatientTable.Csv(300));
        foreach (var file in files)
        {
            await UploadTeacherAsync(app, teachers, Path.GetFileName(file), await File.ReadAllBytesAsync(file));
        }

        await UploadTeacherAsync(app, broken, "member-0.onnx", await File.ReadAllBytesAsync(files[0]));
        await UploadTeacherAsync(app, broken, "member-1.onnx", "not a graph"u8.ToArray());
        var settings = """
            "kd_epochs":20,"hydra_phase1_epochs":10,"hydra_phase2_epochs":20,"hydra_plus":false
            """;
        var job = await SubmitAsync(app, $$"""
            {"dataset":"datasets/{{dataset}}","teachers":"teachers/{{teachers}}",{{settings}}}
            """);
        var badJob = await SubmitAsync(app, $$"""
            {"job_id":"broken-{{suffix}}","dataset":"datasets/{{dataset}}","teachers":"teachers/{{broken}}",
            {{settings}}}
            """);
        var jobId = job.GetProperty("job_id").GetString()!;
        var queued = await GetAsync(app, jobId);
        Assert.Equal(2, await app.DispatchPendingRequestsAsync());

        Assert.Equal("queued", queued.GetProperty("state").GetString());
        Assert.Equal(0, queued.GetProperty("members").GetArrayLength());
        Assert.Equal(["member-0.onnx", "member-1.onnx", "member-2.onnx"], Teachers(queued).Select(t => t.Name));
        Assert.All(Teachers(queued), t => Assert.Null(t.Sha256));
        Assert.Equal([$"broken-{suffix}.distill", $"{jobId}.distill"], (await app.PeekAsync(app.TrainerQueue))
            .Select(m => Core.Jobs.TrainingWorkItem.Parse(System.Text.Encoding.UTF8.GetBytes(m)).MessageId)
            .Order(StringComparer.Ordinal));

        var states = new List<string>();
        using var worker = WorkerProcess.Start("distiller", app.Settings, idleExitSeconds: 8);
        var status = await WatchAsync(app, jobId, states, s => s.GetProperty("state").GetString() is "converting"
            or "failed");
        Assert.Equal(0, await worker.WaitForExitAsync(Patience));
        output.WriteLine(worker.Output);

        Assert.Equal("converting", status.GetProperty("state").GetString());
        Assert.DoesNotContain("training", states);
        var hashes = files.Select(f => (Path.GetFileName(f), Sha256(f))).ToList();
        Assert.Equal(hashes, Teachers(status).Select(t => (t.Name, t.Sha256!)));
        var card = ModelCard.FromJson((await Blob(app, "checkpoints", $"{jobId}/hydra/model.json")
            .DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(hashes, card.Teachers!.Select(t => (t.Name, t.Sha256)));
        Assert.Single(worker.Output.Split('\n'), l => l.Contains($"Downloaded teachers/{teachers}:",
            StringComparison.Ordinal));

        var failed = await GetAsync(app, $"broken-{suffix}");
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.StartsWith("Teacher 'member-1.onnx'", failed.GetProperty("reason").GetString(),
            StringComparison.Ordinal);
        Assert.Single(worker.Output.Split('\n'), l => l.Contains($"Dead-lettering message broken-{suffix}.distill",
            StringComparison.Ordinal));

        await app.ConvertAsync(jobId, "hydra");
        Assert.Equal("ready", (await GetAsync(app, jobId)).GetProperty("state").GetString());
        await ScoreByColumnNameAsync(app, jobId);
    }

    /// <summary>
    /// Teachers as a user would bring them: `hydra run` on a local copy of the table (three members), exported as
    /// ONNX teachers (raw rows in, logits out). Returns the .onnx files.
    /// </summary>
    private static async Task<string[]> ExportTeachersAsync(TempDirectory temp, string csv)
    {
        var data = temp.File("data");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, PatientTable.FileName), csv);
        await File.WriteAllTextAsync(Path.Combine(data, "dataset.json"), PatientTable.Description());
        await HydraAsync("run", "--dataset", Path.Combine(data, "dataset.json"), "--members", "3", "--member-epochs",
            "40", "--kd-epochs", "1", "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "1", "--no-hydra-plus",
            "--seed", "50", "--device", "cpu", "--threads", "1", "-o", temp.File("run"));
        await HydraAsync("export", "--ensemble", temp.File("run"), "--as-teachers", "-o", temp.File("teachers"));
        return [.. Directory.GetFiles(temp.File("teachers"), "*.onnx").Order(StringComparer.Ordinal)];
    }

    private static async Task HydraAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(RepositoryPaths.HydraDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"hydra {arguments[0]} failed: {await stderr}\n{await stdout}");
    }

    /// <summary>As `az storage blob upload -c teachers -n {folder}/{file}` would.</summary>
    private static async Task UploadTeacherAsync(FunctionsApp app, string folder, string file, byte[] content)
    {
        var container = app.Blobs.GetBlobContainerClient("teachers");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{folder}/{file}").UploadAsync(BinaryData.FromBytes(content), overwrite: true);
    }

    private static List<(string Name, string? Sha256)> Teachers(JsonElement status) =>
        [.. status.GetProperty("teachers").GetProperty("files").EnumerateArray().Select(f => (
            f.GetProperty("name").GetString()!, f.TryGetProperty("sha256", out var sha) ? sha.GetString() : null))];

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
}
