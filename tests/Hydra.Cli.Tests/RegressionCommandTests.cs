using System.Globalization;
using Hydra.Core.Models;
using Hydra.Core.Reports;

namespace Hydra.Cli.Tests;

public sealed class RegressionCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(),
        "hydra-cli-regression-" + Guid.NewGuid().ToString("N"));

    public RegressionCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Run_ToyRegression_WritesARegressionReportWithBandPlots()
    {
        var output = Path.Combine(_root, "toy");

        var (exit, stdout, error) = await HydraProcess.RunAsync("run", "--dataset", "toy-regression", "--members", "2",
            "--member-epochs", "3",
            "--kd-epochs", "2", "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "2", "--train-limit", "300",
                "--test-limit", "100",
            "--device", "cpu", "--output", output);

        Assert.True(exit == 0, error);
        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(output, "report.json")));
        Assert.Equal(ModelTask.Regression, report.Task);
        Assert.Equal("regression-mlp", report.Architecture);
        Assert.Equal(["outside", "test"], report.Regression!.Keys.Order(StringComparer.Ordinal));
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| test | hydra | {report.Regression["test"]["hydra"].Rmse:F4} |");
        Assert.Contains(row, markdown, StringComparison.Ordinal);
        Assert.Contains(row, stdout, StringComparison.Ordinal);
        foreach (var model in new[] { "ensemble", "kd", "hydra", "hydra_plus" })
        {
            Assert.True(File.Exists(Path.Combine(output, $"band-{model}.png")), $"band-{model}.png missing");
            Assert.Contains($"![band-{model}](band-{model}.png)", markdown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_ToyRegressionOverTwoSeedSets_WritesEachSetAndASummaryOfItsFigures()
    {
        var output = Path.Combine(_root, "toy-sets");

        var (exit, stdout, error) = await HydraProcess.RunAsync("run", "--dataset", "toy-regression", "--members", "2",
            "--member-epochs", "2",
            "--kd-epochs", "1", "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "1", "--no-hydra-plus",
                "--train-limit", "200",
            "--test-limit", "60", "--seed-sets", "2", "--device", "cpu", "--output", output);

        Assert.True(exit == 0, error);
        var sets = new[] { "set-0", "set-1" }.Select(s => RunReport.FromJson(File.ReadAllText(Path.Combine(output, s,
            "report.json")))).ToList();
        Assert.Equal([[0, 1], [2, 3]], sets.Select(r => r.Seeds.ToArray()));
        var summary = Hydra.Core.Reports.SeedSets.SeedSetReport.FromJson(await File.ReadAllTextAsync(Path.Combine(
            output, "report.json")));
        Assert.Null(summary.Models);
        var rmse = summary.Regression!["outside"]["hydra"].Rmse;
        Assert.Equal((sets[0].Regression!["outside"]["hydra"].Rmse + sets[1].Regression!["outside"]["hydra"].Rmse) / 2,
            rmse.Mean, 9);
        Assert.Contains("epistemic Spearman, outside", summary.Targets["hydra"].Select(t => t.Figure));
        Assert.Contains("## Regression metrics (target units)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunExportScoreBench_UserCsvWithNamedTarget_ScoresRawRowsWithVariancesThatAddUpAndBenchesAll()
    {
        var data = Path.Combine(_root, "plant.csv");
        var random = new Random(3);
        var lines = new List<string> { "site,temperature,pressure,yield" };
        for (var i = 0; i < 200; i++)
        {
            var (t, p) = (random.NextDouble() * 30, 900 + (random.NextDouble() * 200));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"s{i},{t:F3},{p:F2},{(2 * t) - (0.05 * p) + random.NextDouble():F3}"));
        }

        await File.WriteAllLinesAsync(data, lines);
        var run = Path.Combine(_root, "run");
        var model = Path.Combine(_root, "models", "plant");
        var rows = Path.Combine(_root, "rows.csv");
        await File.WriteAllLinesAsync(rows, ["temperature,pressure", "10,950", "25,1050", "60,700"]);
        var predictions = Path.Combine(_root, "predictions.csv");

        var trained = await HydraProcess.RunAsync("run", "--dataset", data, "--target", "yield", "--members", "2",
            "--member-epochs", "5",
            "--kd-epochs", "2", "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "3", "--device", "cpu",
                "--output", run);
        var exported = await HydraProcess.RunAsync("export", "--checkpoint", Path.Combine(run, "hydra"), "--output",
            model);
        var scored = await HydraProcess.RunAsync("score", "--model", model, "--input", rows, "--output", predictions);
        var bench = await HydraProcess.RunAsync("bench", "--run", run, "--seconds", "0.05", "--threads", "1");

        Assert.True(trained.ExitCode == 0, trained.Error);
        Assert.True(exported.ExitCode == 0, exported.Error);
        Assert.True(scored.ExitCode == 0, scored.Error);
        Assert.True(bench.ExitCode == 0, bench.Error);
        using (var benchJson = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run,
            "bench.json"))))
        {
            var benched = benchJson.RootElement.GetProperty("models").EnumerateArray().ToList();
            Assert.Equal(["hydra", "ensemble (one graph)", "ensemble (2 sessions)", "kd", "hydra"], benched.Select(m
                => m.GetProperty("name").GetString()));
            Assert.All(benched, m => Assert.All(m.GetProperty("rows_per_second").EnumerateObject(), r
                => Assert.True(r.Value.GetDouble() > 0)));
            // regression-mlp on 2 features: body 2·128 + 128·128 = 16,640 MACs, head 128·2 = 256; bound 2·16,896 /
            // (16,640 + 2·256).
            Assert.Equal(2.0 * 16_896 / (16_640 + (2 * 256)), benchJson.RootElement.GetProperty(
                "mac_bound").GetDouble(), 9);
        }

        var report = RunReport.FromJson(await File.ReadAllTextAsync(Path.Combine(run, "report.json")));
        Assert.Equal(("plant", 160, 40), (report.Dataset, report.TrainRows, report.TestRows));
        var csv = await File.ReadAllLinesAsync(predictions);
        // The Hydra carries its calibration: each row is placed among the held-out test rows' epistemic variances.
        Assert.Equal("mean,total,aleatoric,epistemic,epistemic_quantile,out_of_distribution", csv[0]);
        Assert.Equal(4, csv.Length);
        foreach (var line in csv.Skip(1))
        {
            var fields = line.Split(',');
            var v = fields[..5].Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(v[2] > 0 && v[3] >= 0, $"variances must not be negative: {line}");
            Assert.Equal(v[2] + v[3], v[1], 1e-5 * Math.Max(1, v[1]));
            Assert.InRange(v[4], 0, 1);
            Assert.Contains(fields[5], new[] { "true", "false" });
        }
    }
}
