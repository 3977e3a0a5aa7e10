using System.Globalization;
using System.Text;
using Hydra.Core.Calibration;

namespace Hydra.Core.Reports;

/// <summary>Renders a <see cref="RunReport"/> as the tables of report.md (also printed at the end of a run).</summary>
public static class MarkdownReport
{
    private static readonly string[] ModelOrder = ["member_mean", "ensemble", "kd", "hydra", "hydra_plus"];

    /// <param name="plots">PNG file names next to report.md, embedded under "Plots".</param>
    public static string Render(RunReport report, IReadOnlyList<string>? plots = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var members = report.MemberArchitecture is { } memberArchitecture
            ? $" (members {memberArchitecture})"
            : "";
        Line(md, $"# Hydra run: {report.Dataset}, {report.Architecture}{members}, M = {report.Members}");
        Line(md);
        Line(md, $"Seeds {string.Join(", ", report.Seeds)}; {report.TrainRows} training rows, "
            + $"{report.TestRows} test rows; " +
            $"device {report.Device}, {report.Threads} threads; " +
            string.Join(", ", report.Settings.Select(s => $"{s.Key} {s.Value}")) + $"; created {report.Created:u}.");
        Line(md);
        if (report.Teachers is { Count: > 0 } teachers)
        {
            TeacherTable(md, teachers);
        }

        var regression = report.Regression is not null;
        if (report.Models is { Count: > 0 } classification)
        {
            ClassificationTable(md, classification);
        }

        if (report.Regression is { } scores)
        {
            RegressionTable(md, scores);
        }

        Line(md);
        Line(md, regression ? "## Fidelity to the ensemble (variances in target units²)"
            : "## Fidelity to the ensemble");
        Line(md);
        Line(md, "| student | set | epistemic Spearman | epistemic MAE | total Spearman | total MAE | KL(ensemble ‖ "
            + "student) |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|");
        foreach (var (student, sets) in report.Fidelity)
        {
            foreach (var (set, f) in sets)
            {
                Line(md, $"| {student} | {set} | {F(f.EpistemicSpearman)} | {F(f.EpistemicMae)} | "
                    + $"{F(f.TotalSpearman)} | {F(f.TotalMae)} | {F(f.KlToEnsemble)} |");
            }
        }

        if (report.Ood.Count > 0)
        {
            Line(md);
            Line(md, "## OOD detection (AUROC, test set negative, OOD set positive)");
            Line(md);
            Line(md, "| OOD set | model | by total | by epistemic |");
            Line(md, "|---|---|---:|---:|");
            foreach (var (set, models) in report.Ood)
            {
                foreach (var (model, o) in models)
                {
                    Line(md, $"| {set} | {model} | {F(o.AurocTotal)} | {F(o.AurocEpistemic)} |");
                }
            }

            OodNoteLines.Append(md, report.Ood.Keys, report.OodNotes);
        }
        else
        {
            Line(md);
            Line(md, "## OOD detection");
            Line(md);
            Line(md, "No OOD set was given, so only in-domain figures are reported (a table takes `--ood NAME=FILE`).");
        }

        if (report.OodFlags is { Count: > 0 } flags)
        {
            OodFlagTable(md, flags);
        }

        Line(md);
        Line(md, regression ? "## Mean uncertainty per input set (variances, target units²)"
            : "## Mean uncertainty per input set (nats)");
        Line(md);
        Line(md, "| set | model | total | aleatoric | epistemic |");
        Line(md, "|---|---|---:|---:|---:|");
        foreach (var (set, models) in report.Uncertainty)
        {
            foreach (var (model, u) in models)
            {
                Line(md, $"| {set} | {model} | {F(u.MeanTotal)} | {F(u.MeanAleatoric)} | {F(u.MeanEpistemic)} |");
            }
        }

        var c = report.Cost;
        Line(md);
        Line(md, "## Cost");
        Line(md);
        Line(md, "| model | parameters | × member | MACs per row |");
        Line(md, "|---|---:|---:|---:|");
        Line(md, $"| member | {c.ParamsMember:N0} | 1.00 | {c.MacsMember:N0} |");
        Line(md, $"| ensemble | {c.ParamsEnsemble:N0} | {F2((double)c.ParamsEnsemble / c.ParamsMember)} | "
            + $"{c.MacsEnsemble:N0} |");
        Line(md, $"| kd | {c.ParamsKd:N0} | {F2((double)c.ParamsKd / c.ParamsMember)} | {c.KdMacs:N0} |");
        var hasPlus = report.Models?.ContainsKey("hydra_plus") == true || report.Regression?.Values.Any(m
            => m.ContainsKey("hydra_plus")) == true;
        var hydraLabel = hasPlus ? "hydra, hydra_plus" : "hydra";
        Line(md, $"| {hydraLabel} | {c.ParamsHydra:N0} | {F2((double)c.ParamsHydra / c.ParamsMember)} | "
            + $"{c.MacsHydra:N0} |");
        Line(md);
        var bound = F2((double)c.MacsEnsemble / c.MacsHydra);
        Line(md, $"MAC bound on Hydra's scoring speed-up over the ensemble: {bound}×.");
        Line(md);
        Line(md, "| training phase | seconds | CPU seconds | samples/s |");
        Line(md, "|---|---:|---:|---:|");
        foreach (var (phase, rate) in c.SamplesPerSecond)
        {
            var seconds = c.Seconds[phase].ToString("F1", CultureInfo.InvariantCulture);
            var cpu = c.CpuSeconds?.TryGetValue(phase, out var value) == true
                ? value.ToString("F1", CultureInfo.InvariantCulture)
                : "–";
            Line(md, $"| {phase} | {seconds} | {cpu} | {rate.ToString("N0", CultureInfo.InvariantCulture)} |");
        }

        if (plots is { Count: > 0 })
        {
            Line(md);
            Line(md, "## Plots");
            foreach (var plot in plots)
            {
                Line(md);
                Line(md, $"![{Path.GetFileNameWithoutExtension(plot)}]({plot})");
            }
        }

        return md.ToString();
    }

    /// <summary>
    /// The teachers of a distillation run, each with its own test metrics; the ensemble and member_mean rows below
    /// are theirs.
    /// </summary>
    private static void TeacherTable(StringBuilder md, IReadOnlyList<TeacherSummary> teachers)
    {
        Line(md, $"## Teachers ({teachers.Count}, trained elsewhere: the ensemble and member_mean rows are theirs)");
        Line(md);
        var regression = teachers[0].Regression is not null;
        Line(md, regression
            ? "| teacher | output | parameters | RMSE | NLL | 95% coverage | SHA-256 |"
            : "| teacher | output | parameters | accuracy | NLL | Brier | ECE | SHA-256 |");
        Line(md, regression ? "|---|---|---:|---:|---:|---:|---|" : "|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var t in teachers)
        {
            var metrics = t.Regression is { } r ? $"{F(r.Rmse)} | {F(r.Nll)} | {F(r.Coverage95)}"
                : t.Classification is { } c ? $"{F(c.Accuracy)} | {F(c.Nll)} | {F(c.Brier)} | {F(c.Ece)}" : "";
            Line(md, $"| {t.Name} | {t.Output} | {t.Parameters:N0} | {metrics} | `{t.Sha256[..12]}…` |");
        }

        Line(md);
        Line(md, "In the cost table the member row is the mean teacher and the ensemble row all of them (parameters as "
            + "stored in their files); the multiply-accumulate columns are the student architecture's, since a "
            + "teacher graph's are not counted.");
        Line(md);
    }

    /// <summary>The served flag's rates: false positives on held-out test rows, true positives per OOD set.</summary>
    private static void OodFlagTable(StringBuilder md, IReadOnlyDictionary<string, OodFlagRates> flags)
    {
        var first = flags.Values.First();
        var sets = first.TruePositiveRates.Keys.ToList();
        var percent = (first.Level * 100).ToString("0.##", CultureInfo.InvariantCulture);
        Line(md);
        Line(md, $"## Out-of-distribution flag (epistemic above its {percent} % quantile on "
            + $"{first.ReferenceRows} held-out test rows)");
        Line(md);
        Line(md, "The flag the served model sets on each row (`out_of_distribution`). False positive rate: on the "
            + "other test rows; true positive rate: on each OOD set.");
        Line(md);
        Line(md, $"| model | threshold | false positive rate |{string.Concat(sets.Select(set => $" {set} TPR |"))}");
        Line(md, $"|---|---:|---:|{string.Concat(sets.Select(_ => "---:|"))}");
        foreach (var (model, rates) in flags)
        {
            Line(md, $"| {model} | {rates.Threshold.ToString("G4", CultureInfo.InvariantCulture)} | "
                + $"{Percent(rates.FalsePositiveRate)} |"
                + string.Concat(sets.Select(set => $" {Percent(rates.TruePositiveRates[set])} |")));
        }
    }

    private static string Percent(double share) =>
        double.IsNaN(share) ? "n/a" : (share * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    private static void ClassificationTable(StringBuilder md, IReadOnlyDictionary<string, ClassificationScores> models)
    {
        Line(md, "## In-domain test metrics");
        Line(md);
        Line(md, $"| model | accuracy | NLL | Brier | ECE ({models.Values.First().EceBins} bins) |");
        Line(md, "|---|---:|---:|---:|---:|");
        foreach (var key in Ordered(models.Keys))
        {
            var s = models[key];
            Line(md, $"| {key} | {F(s.Accuracy)} | {F(s.Nll)} | {F(s.Brier)} | {F(s.Ece)} |");
        }
    }

    /// <summary>One row per input set and model; the test set first, as the sets come.</summary>
    private static void RegressionTable(StringBuilder md, IReadOnlyDictionary<string, IReadOnlyDictionary<string,
        RegressionScores>> sets)
    {
        Line(md, "## Regression metrics (original target units)");
        Line(md);
        Line(md, "RMSE of the predictive mean; NLL (nats) of the target under the predictive Gaussian mixture; "
            + "coverage of its central 95% interval.");
        Line(md);
        Line(md, "| set | model | RMSE | NLL | 95% coverage |");
        Line(md, "|---|---|---:|---:|---:|");
        foreach (var (set, models) in sets)
        {
            foreach (var key in Ordered(models.Keys))
            {
                var s = models[key];
                Line(md, $"| {set} | {key} | {F(s.Rmse)} | {F(s.Nll)} | {F(s.Coverage95)} |");
            }
        }
    }

    private static IEnumerable<string> Ordered(IEnumerable<string> keys)
    {
        var all = keys.ToList();
        return ModelOrder.Where(all.Contains).Concat(all.Except(ModelOrder));
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
