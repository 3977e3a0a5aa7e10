using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Reports;

namespace Hydra.Core.Tests.Reports;

public class RegressionReportTests
{
    [Fact]
    public void ToJson_RegressionReport_WritesRegressionScoresPerSetAndNoClassificationModels()
    {
        var report = Report();

        var json = report.ToJson();
        var back = RunReport.FromJson(json);

        Assert.Contains("\"task\": \"regression\"", json, StringComparison.Ordinal);
        Assert.Equal(ModelTask.Regression, back.Task);
        Assert.DoesNotContain("\"models\"", json, StringComparison.Ordinal);
        Assert.Contains("\"coverage95\": 0.94", json, StringComparison.Ordinal);
        Assert.Null(back.Models);
        Assert.Equal(new RegressionScores(9.5, 3.5, 0.94), back.Regression!["test"]["hydra"]);
        Assert.Equal(new RegressionScores(40.25, 6.5, 0.5), back.Regression["outside"]["ensemble"]);
    }

    [Fact]
    public void ToJson_ClassificationReport_HasNoRegressionKey()
    {
        var report = Report() with
        {
            Task = ModelTask.Classification,
            Regression = null,
            Models = new Dictionary<string, ClassificationScores> { ["hydra"] = new(0.9, 0.3, 0.15, 0.01, 15) },
        };

        var json = report.ToJson();

        Assert.DoesNotContain("\"regression\"", json, StringComparison.Ordinal);
        Assert.Contains("\"task\": \"classification\"", json, StringComparison.Ordinal);
        Assert.Contains("\"ece_bins\": 15", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RegressionReport_HasOneRowPerSetAndModelInTargetUnits()
    {
        var markdown = MarkdownReport.Render(Report());

        Assert.Contains("## Regression metrics (original target units)", markdown, StringComparison.Ordinal);
        Assert.Contains("| test | hydra | 9.5000 | 3.5000 | 0.9400 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| outside | ensemble | 40.2500 | 6.5000 | 0.5000 |", markdown, StringComparison.Ordinal);
        Assert.Contains("(variances, target units²)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", markdown, StringComparison.Ordinal);
    }

    private static RunReport Report() => new()
    {
        Dataset = "toy-regression",
        Task = ModelTask.Regression,
        Members = 2,
        Architecture = "regression-mlp",
        Seeds = [0, 1],
        Device = "cpu",
        Threads = 2,
        Settings = new Dictionary<string, string> { ["member_epochs"] = "3" },
        TrainRows = 10,
        TestRows = 5,
        Regression = new Dictionary<string, IReadOnlyDictionary<string, RegressionScores>>
        {
            ["test"] = new Dictionary<string, RegressionScores>
            {
                ["ensemble"] = new(9.25, 3.25, 0.96),
                ["hydra"] = new(9.5, 3.5, 0.94)
            },
            ["outside"] = new Dictionary<string, RegressionScores>
            {
                ["ensemble"] = new(40.25, 6.5, 0.5),
                ["hydra"] = new(41, 6.75, 0.45)
            },
        },
        Fidelity = new Dictionary<string, IReadOnlyDictionary<string, FidelityResult>>
        {
            ["hydra"] = new Dictionary<string, FidelityResult> { ["test"] = new(0.9, 0.1, 0.99, 0.5, 0.01) },
        },
        Ood = new Dictionary<string, IReadOnlyDictionary<string, OodScores>>(),
        Uncertainty = new Dictionary<string, IReadOnlyDictionary<string, UncertaintySummary>>
        {
            ["test"] = new Dictionary<string, UncertaintySummary> { ["hydra"] = new(90, 89, 1) },
        },
        Cost = new CostSummary(10, 20, 10, 12, 100, 200, 110, new Dictionary<string, double> { ["members"] = 1000 },
            new Dictionary<string, double> { ["members"] = 1.5 }),
        Created = DateTimeOffset.UnixEpoch,
    };
}
