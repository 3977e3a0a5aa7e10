using Hydra.Core.Reports;

namespace Hydra.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "hydra-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task Run_SmallSpirals_WritesCheckpointsAndAReportThatMatchesTheTables()
    {
        var (exit, output, error) = await HydraProcess.RunAsync("run", "--members", "2", "--member-epochs", "3", "--kd-epochs", "2",
            "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "2", "--train-limit", "600", "--test-limit", "300",
            "--device", "cpu", "--output", _output);

        Assert.True(exit == 0, error);
        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(_output, "report.json")));
        Assert.Equal("spirals", report.Dataset);
        Assert.Equal(2, report.Members);
        Assert.Equal(300, report.TestRows);
        Assert.Equal(["ensemble", "hydra", "hydra_plus", "kd", "member_mean"], report.Models!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["annulus", "gaps"], report.Ood.Keys.Order(StringComparer.Ordinal));
        foreach (var folder in new[] { "members/0", "members/1", "kd", "hydra" })
        {
            Assert.True(File.Exists(Path.Combine(_output, folder, "model.json")), $"{folder}/model.json missing");
            Assert.True(File.Exists(Path.Combine(_output, folder, "model.safetensors")), $"{folder}/model.safetensors missing");
        }

        var markdown = await File.ReadAllTextAsync(Path.Combine(_output, "report.md"));
        var hydraRow = $"| hydra | {report.Models!["hydra"].Accuracy:F4} |";
        Assert.Contains(hydraRow, markdown, StringComparison.Ordinal);
        Assert.Contains(hydraRow, output, StringComparison.Ordinal);
        Assert.Contains("samples/s", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownDataset_ExitsWithUsageErrorNamingTheKnownOnes()
    {
        var (exit, _, error) = await HydraProcess.RunAsync("run", "--dataset", "imagenet", "--output", _output);

        Assert.Equal(2, exit);
        Assert.Equal("error: Unknown dataset 'imagenet'. Known datasets: spirals, fashion-mnist, toy-regression, boston, diabetes, or the path of a CSV, NPY or NPZ file.", error.Trim());
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public async Task Run_InvalidSpecFile_ExitsWithTheLayerError()
    {
        Directory.CreateDirectory(_output);
        var spec = Path.Combine(_output, "spec.json");
        await File.WriteAllTextAsync(spec, """{"name":"x","input_shape":[2],"body":[{"type":"linear","in":3,"out":4}],"head":[{"type":"linear","in":4,"out":3}]}""");

        var (exit, _, error) = await HydraProcess.RunAsync("run", "--arch", spec, "--output", Path.Combine(_output, "run"));

        Assert.Equal(2, exit);
        Assert.Contains("body[0] (linear): expects 3 input features but receives 2", error, StringComparison.Ordinal);
    }
}
