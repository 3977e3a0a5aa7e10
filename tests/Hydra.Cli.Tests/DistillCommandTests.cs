using System.Security.Cryptography;
using Hydra.Core.Models;
using Hydra.Core.Reports;

namespace Hydra.Cli.Tests;

/// <summary>
/// <c>hydra distill</c> end to end: a small run's members exported with <c>hydra export --as-teachers</c> and handed
/// back as teachers give the run's ensemble, the same report tables and a parity-checked Hydra export.
/// </summary>
public sealed class DistillCommandTests : IDisposable
{
    private static readonly string[] Small = ["--kd-epochs", "2", "--hydra-phase1-epochs", "1",
        "--hydra-phase2-epochs", "2", "--train-limit", "600", "--test-limit", "300", "--device", "cpu"];

    private readonly TempDirectory _temp = new("hydra-distill-cli-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Distill_TheRunsOwnMembersAsOnnxTeachers_ReportsTheRunsEnsembleAndExportsTheHydra()
    {
        var (run, teachers, distill) = (_temp.File("run"), _temp.File("teachers"), _temp.File("distill"));
        var trained = await HydraProcess.RunAsync(["run", "--members", "3", "--member-epochs", "3", .. Small, "-o",
            run]);
        Assert.True(trained.ExitCode == 0, trained.Error);
        var exported = await HydraProcess.RunAsync("export", "--ensemble", run, "--as-teachers", "-o", teachers);
        Assert.True(exported.ExitCode == 0, exported.Error);

        var (exit, output, error) = await HydraProcess.RunAsync(["distill", "--teachers", teachers, .. Small, "-o",
            distill]);

        Assert.True(exit == 0, error);
        var before = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(run, "report.json")));
        var after = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(distill, "report.json")));
        Assert.Equal(before.Models!["ensemble"].Nll, after.Models!["ensemble"].Nll, 5);
        Assert.Equal(before.Models!["member_mean"].Accuracy, after.Models!["member_mean"].Accuracy, 9);
        Assert.Equal(["member-0.onnx", "member-1.onnx", "member-2.onnx"], after.Teachers!.Select(t => t.Name));
        var card = ModelCard.FromJson(await File.ReadAllTextAsync(Path.Combine(distill, "hydra", ModelCard.FileName)));
        Assert.Equal(after.Teachers!.Select(t => Sha256(Path.Combine(teachers, t.Name))),
            card.Teachers!.Select(t => t.Sha256));
        Assert.True(File.Exists(Path.Combine(distill, "onnx", "hydra", ModelManifest.ModelFileName)));
        Assert.Contains("member-0.onnx: detected logits", output, StringComparison.Ordinal);
        Assert.Contains("Parity: max |Δp|", output, StringComparison.Ordinal);
        Assert.Contains("## Teachers (3, trained elsewhere", await File.ReadAllTextAsync(Path.Combine(distill,
            "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distill_WithAStudentHeadWidth_OpensTheTeachersAsGivenAndMatchesHydraRunsWideStudents()
    {
        var (run, distill) = (_temp.File("run"), _temp.File("distill"));
        var trained = await HydraProcess.RunAsync(["run", "--members", "2", "--member-epochs", "3", "--no-hydra-plus",
            "--student-head-width", "48", .. Small, "-o", run]);
        Assert.True(trained.ExitCode == 0, trained.Error);
        string[] checkpoints = [.. Enumerable.Range(0, 2).Select(m => Path.Combine(run, "members", $"{m}",
            ModelCard.WeightsFileName))];

        // The checkpoints are toy-mlp members (64-32 heads); only the students are widened.
        var (exit, _, error) = await HydraProcess.RunAsync(["distill", "--teachers", .. checkpoints, "--arch",
            "toy-mlp", "--student-head-width", "48", "--no-hydra-plus", "-T", "2", .. Small, "-o", distill]);

        Assert.True(exit == 0, error);
        var before = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(run, "report.json")));
        var after = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(distill, "report.json")));
        Assert.Equal(("toy-mlp-head48", "toy-mlp-head48"), (before.Architecture, after.Architecture));
        foreach (var model in new[] { "kd", "hydra" })
        {
            Assert.Equal(before.Models![model], after.Models![model]);
        }
    }

    [Fact]
    public async Task Distill_TheRunsMemberCheckpoints_GivesTheRunsKdAndHydraExactly()
    {
        var (run, distill) = (_temp.File("run"), _temp.File("distill"));
        var trained = await HydraProcess.RunAsync(["run", "--members", "2", "--member-epochs", "3", "--no-hydra-plus",
            .. Small, "-o", run]);
        Assert.True(trained.ExitCode == 0, trained.Error);
        string[] checkpoints = [.. Enumerable.Range(0, 2).Select(m => Path.Combine(run, "members", $"{m}",
            ModelCard.WeightsFileName))];

        // hydra run's T (distill's default is measured from the teachers).
        var (exit, _, error) = await HydraProcess.RunAsync(["distill", "--teachers", .. checkpoints, "--arch",
            "toy-mlp", "--no-hydra-plus", "-T", "2", .. Small, "-o", distill]);

        Assert.True(exit == 0, error);
        var before = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(run, "report.json")));
        var after = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(distill, "report.json")));
        foreach (var model in new[] { "ensemble", "kd", "hydra" })
        {
            Assert.Equal(before.Models![model], after.Models![model]);
        }

        Assert.Equal(2, after.Teachers!.Select(t => t.Name).Distinct().Count());
        Assert.All(after.Teachers!, t => Assert.EndsWith(ModelCard.WeightsFileName, t.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Distill_AMissingTeacher_ExitsWithAUsageErrorNamingIt()
    {
        var missing = _temp.File("nowhere.onnx");

        var (exit, _, error) = await HydraProcess.RunAsync("distill", "--teachers", missing, "-o", _temp.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains($"Teacher file '{missing}' does not exist.", error, StringComparison.Ordinal);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
