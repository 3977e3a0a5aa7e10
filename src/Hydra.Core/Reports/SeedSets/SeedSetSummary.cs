using Hydra.Core.Metrics;

namespace Hydra.Core.Reports.SeedSets;

/// <summary>
/// Summarises the reports of the same protocol run over several seed sets into one <see cref="SeedSetReport"/>.
/// </summary>
public static class SeedSetSummary
{
    private const string Ensemble = "ensemble";
    private const string Kd = "kd";
    private const string TestSet = "test";

    /// <param name="reports">One report per seed set, in seed-set order.</param>
    /// <param name="folders">The subfolder of each seed set, in the same order.</param>
    /// <exception cref="ArgumentException">No reports, a folder count that differs, or reports of different
    /// runs.</exception>
    public static SeedSetReport Aggregate(IReadOnlyList<RunReport> reports, IReadOnlyList<string> folders,
        DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(folders);
        if (reports.Count == 0 || reports.Count != folders.Count)
        {
            throw new ArgumentException(
                $"Need one folder per report and at least one report (got {reports.Count} reports, {folders.Count} "
                    + $"folders).", nameof(reports));
        }

        CheckSameRun(reports);
        var regression = reports[0].Models is null;
        if (reports.Any(r => (r.Models is null) != regression || (r.Regression is null) != !regression))
        {
            throw new ArgumentException(
                "Seed sets must repeat one protocol; got classification and regression reports together.",
                    nameof(reports));
        }

        var first = reports[0];
        return new SeedSetReport
        {
            Dataset = first.Dataset,
            Architecture = first.Architecture,
            Members = first.Members,
            SeedSets = [.. reports.Select((r, i) => new SeedSetEntry(folders[i], r.Seeds))],
            Settings = first.Settings,
            TrainRows = first.TrainRows,
            TestRows = first.TestRows,
            Models = regression ? null : Common(reports, r => Scores(r).Keys).ToDictionary(m => m, m
                => Classification(reports.Select(r => Scores(r)[m]).ToList())),
            Regression = regression ? RegressionOf(reports) : null,
            Fidelity = Common(reports, r => r.Fidelity.Keys).ToDictionary(s => s, s => (IReadOnlyDictionary<string,
                FidelitySpread>)
                Common(reports, r => r.Fidelity[s].Keys).ToDictionary(set => set, set => FidelityOf(reports.Select(r
                    => r.Fidelity[s][set]).ToList()))),
            Ood = Common(reports, r => r.Ood.Keys).ToDictionary(set => set, set => (IReadOnlyDictionary<string,
                OodSpread>)
                Common(reports, r => r.Ood[set].Keys).ToDictionary(m => m, m => OodOf(reports, set, m))),
            OodNotes = first.OodNotes,
            Targets = Students(reports).ToDictionary(s => s, s => (IReadOnlyList<TargetCheck>)Targets(reports, s,
                regression)),
            Cost = first.Cost,
            Created = created,
        };
    }

    /// <summary>
    /// The epistemic Spearman of each seed set's ensemble against each other set's, per input set common to all:
    /// <paramref name="epistemic"/>[k][set] is set k's ensemble's epistemic uncertainty on that input set's rows (the
    /// same rows, in the same order, in every seed set).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two seed sets, or an input set whose row counts differ.
    /// </exception>
    public static IReadOnlyDictionary<string, Spread> EnsembleAgreement(
        IReadOnlyList<IReadOnlyDictionary<string, double[]>> epistemic)
    {
        ArgumentNullException.ThrowIfNull(epistemic);
        if (epistemic.Count < 2)
        {
            throw new ArgumentException("Agreement between ensembles needs at least two seed sets.",
                nameof(epistemic));
        }

        var result = new Dictionary<string, Spread>();
        foreach (var set in epistemic[0].Keys.Where(set => epistemic.All(e => e.ContainsKey(set))))
        {
            if (epistemic.Any(e => e[set].Length != epistemic[0][set].Length))
            {
                throw new ArgumentException($"The seed sets scored different rows of '{set}'.", nameof(epistemic));
            }

            var pairs = new List<double>();
            for (var a = 0; a < epistemic.Count; a++)
            {
                for (var b = a + 1; b < epistemic.Count; b++)
                {
                    pairs.Add(RankMetrics.Spearman(epistemic[a][set], epistemic[b][set]));
                }
            }

            result[set] = Spread.Of(pairs);
        }

        return result;
    }

    /// <summary>A classification report's scores (every report is checked to have them before aggregation).</summary>
    private static IReadOnlyDictionary<string, ClassificationScores> Scores(RunReport report) => report.Models!;

    /// <summary>A regression report's scores, regression[set][model] (checked like <see cref="Scores"/>).</summary>
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string,
        RegressionScores>> RegressionScoresOf(RunReport report) => report.Regression!;

    private static Dictionary<string, IReadOnlyDictionary<string, RegressionSpread>> RegressionOf(
        IReadOnlyList<RunReport> reports) =>
        Common(reports, r => RegressionScoresOf(r).Keys).ToDictionary(set => set, set => (IReadOnlyDictionary<string,
            RegressionSpread>)
            Common(reports, r => RegressionScoresOf(r)[set].Keys).ToDictionary(m => m, m =>
            {
                var s = reports.Select(r => RegressionScoresOf(r)[set][m]).ToList();
                return new RegressionSpread(Spread.Of([.. s.Select(x => x.Rmse)]), Spread.Of([.. s.Select(x
                    => x.Nll)]), Spread.Of([.. s.Select(x => x.Coverage95)]));
            }));

    private static void CheckSameRun(IReadOnlyList<RunReport> reports)
    {
        var first = reports[0];
        foreach (var report in reports.Skip(1))
        {
            if (report.Dataset != first.Dataset || report.Architecture != first.Architecture
                || report.Members != first.Members || report.TestRows != first.TestRows)
            {
                throw new ArgumentException(
                    $"Seed sets must repeat one protocol; got {first.Dataset}/{first.Architecture}/M={first.Members} "
                        + $"and {report.Dataset}/{report.Architecture}/M={report.Members}.", nameof(reports));
            }
        }
    }

    /// <summary>
    /// Keys present in every report, in the first report's order (a model missing from one set is left out, not
    /// half-averaged).
    /// </summary>
    private static List<string> Common(IReadOnlyList<RunReport> reports, Func<RunReport, IEnumerable<string>> keys) =>
        [.. keys(reports[0]).Where(k => reports.All(r => keys(r).Contains(k)))];

    private static IEnumerable<string> Students(IReadOnlyList<RunReport> reports) =>
        Common(reports, r => r.Fidelity.Keys).Where(s => s != Kd && reports.All(r => r.Models is null
            || Scores(r).ContainsKey(s)));

    private static ClassificationSpread Classification(List<ClassificationScores> s) => new(
        Spread.Of([.. s.Select(x => x.Accuracy)]), Spread.Of([.. s.Select(x => x.Nll)]),
        Spread.Of([.. s.Select(x => x.Brier)]), Spread.Of([.. s.Select(x => x.Ece)]));

    private static FidelitySpread FidelityOf(List<Metrics.FidelityResult> f) => new(
        Spread.Of([.. f.Select(x => x.EpistemicSpearman)]), Spread.Of([.. f.Select(x => x.EpistemicMae)]),
        Spread.Of([.. f.Select(x => x.TotalSpearman)]), Spread.Of([.. f.Select(x => x.TotalMae)]),
        Spread.Of([.. f.Select(x => x.KlToEnsemble)]));

    private static OodSpread OodOf(IReadOnlyList<RunReport> reports, string set, string model)
    {
        var scores = reports.Select(r => (Model: r.Ood[set][model], Ensemble: r.Ood[set][Ensemble])).ToList();
        return new OodSpread(
            Spread.Of([.. scores.Select(s => s.Model.AurocTotal)]),
            Spread.Of([.. scores.Select(s => s.Model.AurocEpistemic)]),
            Spread.Of([.. scores.Select(s => 100 * s.Model.AurocTotal / s.Ensemble.AurocTotal)]),
            Spread.Of([.. scores.Select(s => 100 * s.Model.AurocEpistemic / s.Ensemble.AurocEpistemic)]));
    }

    /// <summary>
    /// hydra-method.md §5, figure by figure, each computed within a seed set before it is summarised.
    /// </summary>
    private static List<TargetCheck> Targets(IReadOnlyList<RunReport> reports, string student, bool regression)
    {
        var checks = new List<TargetCheck>();
        if (!regression)
        {
            checks.Add(Check("accuracy gap to the ensemble (points)", false, 0.5, reports, r
                => 100 * (Scores(r)[Ensemble].Accuracy - Scores(r)[student].Accuracy)));
            checks.Add(Check("NLL / ensemble NLL", false, 1.05, reports, r
                => Scores(r)[student].Nll / Scores(r)[Ensemble].Nll));
            checks.Add(Check("ECE − ensemble ECE (points)", false, 0.5, reports, r
                => 100 * (Scores(r)[student].Ece - Scores(r)[Ensemble].Ece)));
        }

        checks.Add(Check($"epistemic Spearman, {TestSet}", true, 0.95, reports, r
            => r.Fidelity[student][TestSet].EpistemicSpearman));
        var oodSets = Common(reports, r => r.Ood.Keys);
        checks.AddRange(oodSets.Select(set => Check($"epistemic Spearman, {set}", true, 0.9, reports, r
            => r.Fidelity[student][set].EpistemicSpearman)));
        checks.AddRange(oodSets.Select(set => Check($"AUROC by epistemic, {set} (% of ensemble's)", true, 97, reports,
            r => 100 * r.Ood[set][student].AurocEpistemic / r.Ood[set][Ensemble].AurocEpistemic)));
        if (reports.All(r => r.Ood.Values.All(o => o.ContainsKey(Kd))))
        {
            // "Hydra must beat KD's best OOD AUROC": KD's better of its two scores, per set.
            checks.AddRange(oodSets.Select(set => Check($"AUROC by epistemic − KD's best AUROC, {set}", true, 0,
                reports,
                r => r.Ood[set][student].AurocEpistemic - Math.Max(r.Ood[set][Kd].AurocTotal,
                    r.Ood[set][Kd].AurocEpistemic))));
        }

        return checks;
    }

    private static TargetCheck Check(string figure, bool atLeast, double bound, IReadOnlyList<RunReport> reports,
        Func<RunReport, double> value)
    {
        var values = reports.Select(value).ToList();
        var met = values.Count(v => atLeast ? v >= bound : v <= bound);
        return new TargetCheck(figure, atLeast, bound, Spread.Of(values), met);
    }
}
