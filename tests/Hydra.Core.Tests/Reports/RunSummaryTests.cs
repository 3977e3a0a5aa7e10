using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Reports;

namespace Hydra.Core.Tests.Reports;

public class RunSummaryTests
{
    [Theory]
    [InlineData(0.9, 0.9, 1.0)]
    [InlineData(0.8, 0.9, 0.75)]
    [InlineData(0.5, 0.9, 0.0)]
    [InlineData(0.95, 0.9, 1.125)]
    [InlineData(0.4, 0.7, -0.5)]
    public void EpistemicShare_AurocAboveChance_IsTheModelsMarginOverTheEnsembles(double model, double ensemble,
        double expected)
    {
        var share = RunSummary.EpistemicShare(model, ensemble);

        Assert.NotNull(share);
        Assert.Equal(expected, share.Value, 12);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.14)]
    public void EpistemicShare_EnsembleAtOrBelowChance_IsUndefined(double ensemble)
    {
        var share = RunSummary.EpistemicShare(0.6, ensemble);

        Assert.Null(share);
    }

    [Fact]
    public void RelativeCost_PerModel_IsItsMultiplyAccumulatesOverTheEnsembles()
    {
        // Member 6,368 MACs, ensemble 5 × 6,368 = 31,840, Hydra 14,944 (the toy-mlp at M = 5).
        var cost = Cost();

        Assert.Equal(1.0, RunSummary.RelativeCost(cost, "ensemble"), 12);
        Assert.Equal(0.2, RunSummary.RelativeCost(cost, "kd"), 12);
        Assert.Equal(14944.0 / 31840, RunSummary.RelativeCost(cost, "hydra"), 12);
        Assert.Equal(RunSummary.RelativeCost(cost, "hydra"), RunSummary.RelativeCost(cost, "hydra_plus"));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunSummary.RelativeCost(cost, "member_mean"));
    }

    [Fact]
    public void OodAuroc_FeaturedSet_IsThatSetsScoresAlone()
    {
        var report = Classification();

        var sets = RunSummary.OodSets(report);
        var hydra = RunSummary.OodAuroc(report, "hydra", sets);

        Assert.Equal(["seams"], sets);
        Assert.Equal(new OodScores(0.7, 0.8), hydra);
    }

    [Fact]
    public void OodAuroc_NoFeaturedSet_IsTheMeanOverEverySet()
    {
        var report = Classification() with { FeaturedOod = null };

        var sets = RunSummary.OodSets(report);
        var hydra = RunSummary.OodAuroc(report, "hydra", sets)!;

        Assert.Equal(["seams", "annulus"], sets);
        Assert.Equal((0.7 + 0.1) / 2, hydra.AurocTotal, 12);
        Assert.Equal((0.8 + 0.2) / 2, hydra.AurocEpistemic, 12);
    }

    [Fact]
    public void Render_Classification_GivesOneLinePerModelWithHandComputedFigures()
    {
        var text = RunSummary.Render(Classification(), "/runs/a", ["reliability.png", "epistemic-hydra.png"]);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 6, 10);
        Assert.Equal("Summary: spirals, M = 5. OOD detection: AUROC on the featured set 'seams', test set negative.",
            lines[0]);
        // Ensemble: epistemic AUROC 0.9, share 1; kd 0.5 → 0 %; hydra (0.8 − 0.5)/(0.9 − 0.5) = 75 %.
        Assert.Equal(Row("ensemble", "0.9600", "0.1035", "0.850 / 0.900", "100 %", "1.00×"), Line(lines, "ensemble"));
        Assert.Equal(Row("kd", "0.9590", "0.1044", "0.800 / none", "0 %", "0.20×"), Line(lines, "kd "));
        Assert.Equal(Row("hydra", "0.9500", "0.1100", "0.700 / 0.800", "75 %", "0.47×"), Line(lines, "hydra "));
        Assert.DoesNotContain(lines, l => l.StartsWith("hydra_plus", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("none: a single head", StringComparison.Ordinal));
        Assert.Contains("Full report: " + Path.Combine("/runs/a", "report.md"), text, StringComparison.Ordinal);
        Assert.Contains("Plots: reliability.png, epistemic-*.png in /runs/a (2 files)", text, StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(l.Length <= 120, l));
    }

    [Fact]
    public void Render_Regression_ReportsRmseAndNllOnTheTestSetAndTheOnlyOodSet()
    {
        var text = RunSummary.Render(Regression(), "/runs/r", []);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("AUROC on 'outside', test set negative.", lines[0], StringComparison.Ordinal);
        Assert.Contains("RMSE", lines[1], StringComparison.Ordinal);
        // Hydra: (0.9 − 0.5)/(0.95 − 0.5) = 0.888… → 89 %.
        Assert.Equal(Row("hydra", "9.2900", "3.4870", "0.850 / 0.900", "89 %", "0.47×"), Line(lines, "hydra "));
        Assert.Equal(Row("kd", "9.4000", "3.5000", "0.800 / none", "0 %", "0.20×"), Line(lines, "kd "));
        Assert.DoesNotContain("Plots in", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoOodSet_ShowsDashesForDetectionAndShare()
    {
        var report = Regression() with { Ood = new Dictionary<string, IReadOnlyDictionary<string, OodScores>>() };

        var text = RunSummary.Render(report, "/runs/b", []);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("AUROC on no OOD set", lines[0], StringComparison.Ordinal);
        Assert.Equal(Row("ensemble", "9.3000", "3.4900", "—", "—", "1.00×"), Line(lines, "ensemble"));
    }

    [Fact]
    public void Families_PlotNames_GroupByTheirPrefixInFirstSeenOrder()
    {
        var families = RunSummary.Families(["reliability.png", "epistemic-ensemble.png", "epistemic-hydra.png",
            "scatter-hydra.png", "band-kd.png"]);

        Assert.Equal(["reliability.png", "epistemic-*.png", "scatter-*.png", "band-*.png"], families);
    }

    /// <summary>The columns as the summary pads them: name left, figures right.</summary>
    private static string Row(string model, string quality, string nll, string auroc, string share, string cost) =>
        $"{model,-10}  {quality,9}  {nll,8}  {auroc,27}  {share,14}  {cost,12}";

    private static string Line(string[] lines, string start) =>
        Assert.Single(lines, l => l.StartsWith(start, StringComparison.Ordinal));

    private static CostSummary Cost() => new(6531, 32655, 6531, 15247, 6368, 31840, 14944,
        new Dictionary<string, double>(), new Dictionary<string, double>());

    private static Dictionary<string, UncertaintySummary> Uncertainty() => new()
    {
        ["ensemble"] = new(0.1, 0.09, 0.01),
        ["kd"] = new(0.1, 0.1, 0),
        ["hydra"] = new(0.1, 0.095, 0.005),
    };

    internal static RunReport Classification() => new()
    {
        Dataset = "spirals",
        Task = ModelTask.Classification,
        Members = 5,
        Architecture = "toy-mlp",
        Seeds = [0, 1, 2, 3, 4],
        Device = "cpu",
        Threads = 2,
        Settings = new Dictionary<string, string>(),
        TrainRows = 3000,
        TestRows = 1000,
        Models = new Dictionary<string, ClassificationScores>
        {
            ["member_mean"] = new(0.9606, 0.1067, 0.0564, 0.0115, 15),
            ["ensemble"] = new(0.96, 0.1035, 0.0547, 0.0101, 15),
            ["kd"] = new(0.959, 0.1044, 0.0551, 0.0111, 15),
            ["hydra"] = new(0.95, 0.11, 0.0549, 0.0146, 15),
        },
        Fidelity = new Dictionary<string, IReadOnlyDictionary<string, FidelityResult>>(),
        Ood = new Dictionary<string, IReadOnlyDictionary<string, OodScores>>
        {
            ["seams"] = new Dictionary<string, OodScores>
            {
                ["ensemble"] = new(0.85, 0.9),
                ["kd"] = new(0.8, 0.5),
                ["hydra"] = new(0.7, 0.8),
            },
            ["annulus"] = new Dictionary<string, OodScores>
            {
                ["ensemble"] = new(0.12, 0.14),
                ["kd"] = new(0.08, 0.5),
                ["hydra"] = new(0.1, 0.2),
            },
        },
        FeaturedOod = "seams",
        OodNotes = new Dictionary<string, string> { ["seams"] = "featured: where the members disagree" },
        Uncertainty = new Dictionary<string, IReadOnlyDictionary<string, UncertaintySummary>>
        {
            ["test"] = Uncertainty(),
            ["seams"] = Uncertainty(),
        },
        Cost = Cost(),
        Created = DateTimeOffset.UnixEpoch,
    };

    private static RunReport Regression() => Classification() with
    {
        Dataset = "toy-regression",
        Task = ModelTask.Regression,
        Models = null,
        Regression = new Dictionary<string, IReadOnlyDictionary<string, RegressionScores>>
        {
            ["test"] = new Dictionary<string, RegressionScores>
            {
                ["ensemble"] = new(9.3, 3.49, 0.954),
                ["kd"] = new(9.4, 3.5, 0.95),
                ["hydra"] = new(9.29, 3.487, 0.958),
            },
        },
        Ood = new Dictionary<string, IReadOnlyDictionary<string, OodScores>>
        {
            ["outside"] = new Dictionary<string, OodScores>
            {
                ["ensemble"] = new(0.9, 0.95),
                ["kd"] = new(0.8, 0.5),
                ["hydra"] = new(0.85, 0.9),
            },
        },
        FeaturedOod = null,
        OodNotes = null,
    };
}
