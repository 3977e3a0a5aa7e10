using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Reports;
using Hydra.Core.Reports.SeedSets;

namespace Hydra.Core.Tests.Reports;

public sealed class SeedSetSummaryTests
{
    private static readonly string[] Folders = ["set-0", "set-1", "set-2"];

    [Fact]
    public void SpreadOf_ThreeValues_GivesMeanSampleStdAndRange()
    {
        var spread = Spread.Of([1.0, 2.0, 4.0]);

        // mean 7/3; squared deviations 16/9 + 1/9 + 25/9 = 42/9, over n − 1 = 2 → 7/3, sqrt = 1.52753.
        Assert.Equal(7.0 / 3.0, spread.Mean, 12);
        Assert.Equal(Math.Sqrt(7.0 / 3.0), spread.Std, 12);
        Assert.Equal(1.0, spread.Min);
        Assert.Equal(4.0, spread.Max);
        Assert.Equal(3, spread.Count);
    }

    [Fact]
    public void SpreadOf_OneValue_HasZeroStd()
    {
        var spread = Spread.Of([0.25]);

        Assert.Equal(new Spread(0.25, 0.0, 0.25, 0.25, 1), spread);
    }

    [Fact]
    public void SpreadOf_NoValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
    }

    [Fact]
    public void Aggregate_ThreeSets_SummarisesAccuracyAndFidelityByHand()
    {
        var summary = SeedSetSummary.Aggregate(ThreeSets(), Folders, DateTimeOffset.UnixEpoch);

        var hydra = summary.Models!["hydra"].Accuracy;
        Assert.Equal((0.898 + 0.900 + 0.917) / 3, hydra.Mean, 12);
        Assert.Equal(0.898, hydra.Min);
        Assert.Equal(0.917, hydra.Max);
        var spearman = summary.Fidelity["hydra"]["digits"].EpistemicSpearman;
        Assert.Equal(0.7, spearman.Mean, 12);
        Assert.Equal(0.1, spearman.Std, 12); // 0.6, 0.7, 0.8: deviations ±0.1 → sqrt(0.02 / 2)
        Assert.Equal([0, 1, 2, 3, 4], summary.SeedSets[0].Seeds);
        Assert.Equal([10, 11, 12, 13, 14], summary.SeedSets[2].Seeds);
        Assert.Equal("set-1", summary.SeedSets[1].Folder);
    }

    [Fact]
    public void Aggregate_ThreeSets_TakesThePercentOfEnsembleAurocWithinEachSet()
    {
        var summary = SeedSetSummary.Aggregate(ThreeSets(), Folders, DateTimeOffset.UnixEpoch);

        // hydra / ensemble by epistemic: 0.78/0.8, 0.9/0.9, 0.95/1.0 → 97.5, 100, 95 %.
        var percent = summary.Ood["digits"]["hydra"].EpistemicPercentOfEnsemble;
        Assert.Equal(97.5, percent.Mean, 9);
        Assert.Equal(2.5, percent.Std, 9);
        Assert.Equal(95.0, percent.Min, 9);
        Assert.Equal(100.0, percent.Max, 9);
        Assert.Equal(100.0, summary.Ood["digits"]["ensemble"].TotalPercentOfEnsemble.Mean, 9);
    }

    [Fact]
    public void Aggregate_ThreeSets_CountsTheSetsMeetingEachTarget()
    {
        var summary = SeedSetSummary.Aggregate(ThreeSets(), Folders, DateTimeOffset.UnixEpoch);
        var targets = summary.Targets["hydra"].ToDictionary(t => t.Figure);

        // accuracy gaps 0.2, 1.0, 0.3 points against ≤ 0.5.
        var gap = targets["accuracy gap to the ensemble (points)"];
        Assert.Equal(0.5, gap.Value.Mean, 9);
        Assert.Equal(2, gap.MetInSets);
        Assert.Equal(2, targets["AUROC by epistemic, digits (% of ensemble's)"].MetInSets);
        Assert.Equal(0, targets["epistemic Spearman, digits"].MetInSets);
        // KD's best is its total AUROC 0.7 in every set; hydra's epistemic 0.78, 0.9, 0.95 beats it by 0.08, 0.2, 0.25.
        var beatsKd = targets["AUROC by epistemic − KD's best AUROC, digits"];
        Assert.Equal((0.08 + 0.2 + 0.25) / 3, beatsKd.Value.Mean, 9);
        Assert.Equal(3, beatsKd.MetInSets);
        Assert.DoesNotContain("kd", summary.Targets.Keys);
    }

    [Fact]
    public void Aggregate_ReportOfAnotherDataset_Throws()
    {
        var reports = ThreeSets();
        reports[1] = reports[1] with { Dataset = "spirals" };

        var error = Assert.Throws<ArgumentException>(() => SeedSetSummary.Aggregate(reports, Folders,
            DateTimeOffset.UnixEpoch));
        Assert.Contains("repeat one protocol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_Summary_RoundTrips()
    {
        var summary = SeedSetSummary.Aggregate(ThreeSets(), Folders, DateTimeOffset.UnixEpoch);

        var back = SeedSetReport.FromJson(summary.ToJson());

        Assert.Equal(summary.Models!["hydra"], back.Models!["hydra"]);
        Assert.Equal(summary.Ood["digits"]["hydra"], back.Ood["digits"]["hydra"]);
        Assert.Equal(summary.Targets["hydra"].Count, back.Targets["hydra"].Count);
        Assert.Equal(summary.Targets["hydra"][0].Value, back.Targets["hydra"][0].Value);
    }

    [Fact]
    public void EnsembleAgreement_ThreeSets_IsTheSpearmanOfEveryPairPerInputSetCommonToAll()
    {
        // Sets 0 and 1 rank the test rows alike (ρ = 1), set 2 the other way round (ρ = −1 with each): pairs 1, −1, −1.
        // On digits set 2 ties its first two rows (ranks 1.5, 1.5, 3, 4): ρ with [1, 2, 3, 4] is 4.5 / √(5 · 4.5)
        // = 0.9487 (centred ranks −1.5, −0.5, 0.5, 1.5 and −1, −1, 0.5, 1.5). "noise" is missing from set 1.
        var sets = new List<IReadOnlyDictionary<string, double[]>>
        {
            new Dictionary<string, double[]> { ["test"] = [0.1, 0.2, 0.3, 0.4], ["digits"] = [1, 2, 3, 4],
                ["noise"] = [1, 2] },
            new Dictionary<string, double[]> { ["test"] = [1, 2, 3, 4], ["digits"] = [10, 20, 30, 40] },
            new Dictionary<string, double[]> { ["test"] = [4, 3, 2, 1], ["digits"] = [5, 5, 6, 7], ["noise"] = [2, 1] },
        };

        var agreement = SeedSetSummary.EnsembleAgreement(sets);

        Assert.Equal(["test", "digits"], agreement.Keys);
        Assert.Equal(-1 / 3.0, agreement["test"].Mean, 12);
        Assert.Equal(1.0, agreement["test"].Max, 12);
        Assert.Equal(-1.0, agreement["test"].Min, 12);
        Assert.Equal(3, agreement["test"].Count);
        var tied = 4.5 / Math.Sqrt(5 * 4.5);
        Assert.Equal((1 + (2 * tied)) / 3, agreement["digits"].Mean, 12);
        Assert.Equal(tied, agreement["digits"].Min, 12);
    }

    [Fact]
    public void EnsembleAgreement_OneSetOrRowsThatDiffer_IsRefused()
    {
        IReadOnlyDictionary<string, double[]> four = new Dictionary<string, double[]> { ["test"] = [1, 2, 3, 4] };
        IReadOnlyDictionary<string, double[]> three = new Dictionary<string, double[]> { ["test"] = [1, 2, 3] };

        Assert.Throws<ArgumentException>(() => SeedSetSummary.EnsembleAgreement([four]));
        var error = Assert.Throws<ArgumentException>(() => SeedSetSummary.EnsembleAgreement([four, three]));
        Assert.StartsWith("The seed sets scored different rows of 'test'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SummaryWithEnsembleAgreement_WritesTheReferenceUnderTheFidelityTable()
    {
        var summary = SeedSetSummary.Aggregate(ThreeSets(), Folders, DateTimeOffset.UnixEpoch) with
        {
            EnsembleAgreement = new Dictionary<string, Spread> { ["digits"] = Spread.Of([0.6, 0.7, 0.65]) },
        };

        var markdown = SeedSetMarkdown.Render(summary);
        var back = SeedSetReport.FromJson(summary.ToJson());

        Assert.Contains("| digits | 0.6500 ± 0.0500 (0.6000–0.7000) |", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("ensemble vs another set's ensemble", StringComparison.Ordinal)
            > markdown.IndexOf("## Fidelity to the ensemble", StringComparison.Ordinal));
        Assert.Equal(summary.EnsembleAgreement["digits"], back.EnsembleAgreement!["digits"]);
        Assert.DoesNotContain("ensemble_agreement", (summary with { EnsembleAgreement = null }).ToJson(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Summary_WritesMeanStdAndRangeCells()
    {
        var summary = SeedSetSummary.Aggregate(ThreeSets(), Folders, DateTimeOffset.UnixEpoch);

        var markdown = SeedSetMarkdown.Render(summary);

        Assert.Contains("| hydra | digits | 0.7000 ± 0.1000 (0.6000–0.8000) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| digits | hydra | ", markdown, StringComparison.Ordinal);
        Assert.Contains("97.5 ± 2.5 (95.0–100.0)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SetsWithOodNotes_KeepsTheNotesUnderTheOodTable()
    {
        var notes = new Dictionary<string, string> { ["digits"] = "known failure: for the test" };
        var sets = ThreeSets().Select(r => r with { OodNotes = notes }).ToList();

        var summary = SeedSetSummary.Aggregate(sets, Folders, DateTimeOffset.UnixEpoch);
        var markdown = SeedSetMarkdown.Render(summary);

        Assert.Equal(notes, summary.OodNotes);
        Assert.Contains("- **digits**, known failure: for the test.", markdown, StringComparison.Ordinal);
        Assert.True(markdown.IndexOf("| digits | hydra |", StringComparison.Ordinal)
            < markdown.IndexOf("- **digits**", StringComparison.Ordinal), markdown);
    }

    [Fact]
    public void Aggregate_RegressionSets_SummarisesRmseNllAndCoveragePerSetByHand()
    {
        var summary = SeedSetSummary.Aggregate(ThreeRegressionSets(), Folders, DateTimeOffset.UnixEpoch);

        Assert.Null(summary.Models);
        var outside = summary.Regression!["outside"]["hydra"];
        // RMSE 40, 44, 48: mean 44, deviations ±4 → sqrt(32 / 2) = 4.
        Assert.Equal(44.0, outside.Rmse.Mean, 12);
        Assert.Equal(4.0, outside.Rmse.Std, 12);
        Assert.Equal(0.55, outside.Coverage95.Mean, 12);
        Assert.Equal(9.3, summary.Regression["test"]["ensemble"].Rmse.Mean, 12);
    }

    [Fact]
    public void Aggregate_RegressionSets_ChecksOnlyTheUncertaintyTargets()
    {
        var summary = SeedSetSummary.Aggregate(ThreeRegressionSets(), Folders, DateTimeOffset.UnixEpoch);
        var targets = summary.Targets["hydra"].ToDictionary(t => t.Figure);

        Assert.DoesNotContain("accuracy gap to the ensemble (points)", targets.Keys);
        Assert.DoesNotContain("NLL / ensemble NLL", targets.Keys);
        // Spearman outside 0.6, 0.7, 0.8 against ≥ 0.9: met in none; AUROC 0.9 / 0.95 = 94.7 % in every set: met in
        // none.
        Assert.Equal(0.7, targets["epistemic Spearman, outside"].Value.Mean, 12);
        Assert.Equal(0, targets["epistemic Spearman, outside"].MetInSets);
        Assert.Equal(3, targets["epistemic Spearman, test"].MetInSets);
        Assert.Equal(100 * 0.9 / 0.95, targets["AUROC by epistemic, outside (% of ensemble's)"].Value.Mean, 9);
    }

    [Fact]
    public void Render_RegressionSummary_WritesTheRegressionTable()
    {
        var summary = SeedSetSummary.Aggregate(ThreeRegressionSets(), Folders, DateTimeOffset.UnixEpoch);

        var markdown = SeedSetMarkdown.Render(summary);

        Assert.Contains("| outside | hydra | 44.0000 ± 4.0000 (40.0000–48.0000) |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", markdown, StringComparison.Ordinal);
        Assert.Equal(summary.Regression!["outside"]["hydra"], SeedSetReport.FromJson(
            summary.ToJson()).Regression!["outside"]["hydra"]);
    }

    [Fact]
    public void Aggregate_ClassificationAndRegressionTogether_Throws()
    {
        var reports = ThreeSets();
        reports[2] = ThreeRegressionSets()[2] with
        {
            Dataset = reports[0].Dataset,
            Architecture = reports[0].Architecture,
            TestRows = reports[0].TestRows
        };

        var error = Assert.Throws<ArgumentException>(() => SeedSetSummary.Aggregate(reports, Folders,
            DateTimeOffset.UnixEpoch));
        Assert.Contains("classification and regression", error.Message, StringComparison.Ordinal);
    }

    private static List<RunReport> ThreeRegressionSets() =>
    [
        RegressionReport(0, outsideRmse: 40, outsideSpearman: 0.6),
        RegressionReport(5, outsideRmse: 44, outsideSpearman: 0.7),
        RegressionReport(10, outsideRmse: 48, outsideSpearman: 0.8),
    ];

    private static RunReport RegressionReport(int firstSeed, double outsideRmse, double outsideSpearman)
    {
        static FidelityResult Fidelity(double spearman) => new(spearman, 0.1, 0.9, 0.05, 0.01);
        return Report(firstSeed, 0.9, 0.9, 0.7, 0.95, 0.9) with
        {
            Dataset = "toy-regression",
            Task = ModelTask.Regression,
            Architecture = "regression-mlp",
            TestRows = 500,
            Models = null,
            Regression = new Dictionary<string, IReadOnlyDictionary<string, RegressionScores>>
            {
                ["test"] = new Dictionary<string, RegressionScores>
                {
                    ["ensemble"] = new(9.3, 3.49, 0.954),
                    ["hydra"] = new(9.29, 3.487, 0.958)
                },
                ["outside"] = new Dictionary<string, RegressionScores>
                {
                    ["ensemble"] = new(46.6, 6.64, 0.55),
                    ["hydra"] = new(outsideRmse, 6.1, 0.55)
                },
            },
            Fidelity = new Dictionary<string, IReadOnlyDictionary<string, FidelityResult>>
            {
                ["kd"] = new Dictionary<string, FidelityResult> { ["test"] = Fidelity(0), ["outside"] = Fidelity(0) },
                ["hydra"] = new Dictionary<string, FidelityResult>
                {
                    ["test"] = Fidelity(0.97),
                    ["outside"] = Fidelity(outsideSpearman)
                },
            },
            Ood = new Dictionary<string, IReadOnlyDictionary<string, OodScores>>
            {
                ["outside"] = new Dictionary<string, OodScores>
                {
                    ["ensemble"] = new(0.9, 0.95),
                    ["kd"] = new(0.8,
                    0.5),
                    ["hydra"] = new(0.85, 0.9)
                },
            },
        };
    }

    private static List<RunReport> ThreeSets() =>
    [
        Report(0, ensembleAccuracy: 0.900, hydraAccuracy: 0.898, spearman: 0.6, ensembleAuroc: 0.8, hydraAuroc: 0.78),
        Report(5, ensembleAccuracy: 0.910, hydraAccuracy: 0.900, spearman: 0.7, ensembleAuroc: 0.9, hydraAuroc: 0.9),
        Report(10, ensembleAccuracy: 0.920, hydraAccuracy: 0.917, spearman: 0.8, ensembleAuroc: 1.0, hydraAuroc: 0.95),
    ];

    private static RunReport Report(int firstSeed, double ensembleAccuracy, double hydraAccuracy, double spearman,
        double ensembleAuroc, double hydraAuroc)
    {
        static ClassificationScores Scores(double accuracy) => new(accuracy, 0.3, 0.15, 0.02, 15);
        static FidelityResult Fidelity(double spearman) => new(spearman, 0.1, 0.9, 0.05, 0.01);
        return new RunReport
        {
            Dataset = "fashion-mnist",
            Task = ModelTask.Classification,
            Members = 5,
            Architecture = "mlp",
            Seeds = [.. Enumerable.Range(firstSeed, 5)],
            Device = "cpu",
            Threads = 2,
            Settings = new Dictionary<string, string> { ["member_epochs"] = "10" },
            TrainRows = 60000,
            TestRows = 10000,
            Models = new Dictionary<string, ClassificationScores>
            {
                ["member_mean"] = Scores(ensembleAccuracy - 0.01),
                ["ensemble"] = Scores(ensembleAccuracy),
                ["kd"] = Scores(ensembleAccuracy - 0.004),
                ["hydra"] = Scores(hydraAccuracy),
            },
            Fidelity = new Dictionary<string, IReadOnlyDictionary<string, FidelityResult>>
            {
                ["kd"] = new Dictionary<string, FidelityResult> { ["test"] = Fidelity(0), ["digits"] = Fidelity(0) },
                ["hydra"] = new Dictionary<string, FidelityResult>
                {
                    ["test"] = Fidelity(0.97),
                    ["digits"] = Fidelity(spearman)
                },
            },
            Ood = new Dictionary<string, IReadOnlyDictionary<string, OodScores>>
            {
                ["digits"] = new Dictionary<string, OodScores>
                {
                    ["ensemble"] = new(ensembleAuroc, ensembleAuroc),
                    ["kd"] = new(0.7, 0.5),
                    ["hydra"] = new(hydraAuroc, hydraAuroc),
                },
            },
            Uncertainty = new Dictionary<string, IReadOnlyDictionary<string, UncertaintySummary>>(),
            Cost = new CostSummary(100, 500, 100, 140, 90, 450, 130, new Dictionary<string, double>(),
                new Dictionary<string, double>()),
            Created = DateTimeOffset.UnixEpoch,
        };
    }
}
