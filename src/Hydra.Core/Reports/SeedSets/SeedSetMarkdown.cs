using System.Globalization;
using System.Text;

namespace Hydra.Core.Reports.SeedSets;

/// <summary>
/// Renders a <see cref="SeedSetReport"/> as the summary report.md. Each cell reads "mean ± std (min–max)" over the
/// seed sets, std being the sample standard deviation.
/// </summary>
public static class SeedSetMarkdown
{
    private static readonly string[] ModelOrder = ["member_mean", "ensemble", "kd", "hydra", "hydra_plus"];

    public static string Render(SeedSetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        Line(md, $"# Hydra run over {report.SeedSets.Count} seed sets: {report.Dataset}, {report.Architecture}, M = "
            + $"{report.Members}");
        Line(md);
        var sets = report.SeedSets.Select(s => $"{s.Folder} (members {string.Join(", ", s.Seeds)})");
        Line(md, $"Seed sets: {string.Join("; ", sets)}. " +
            $"{report.TrainRows} training rows, {report.TestRows} test rows; " +
            string.Join(", ", report.Settings.Select(s => $"{s.Key} {s.Value}")) + $"; created {report.Created:u}.");
        Line(md);
        Line(md, "Every cell: mean ± sample standard deviation (min–max) over the seed sets. Each set's own "
            + "report.md is in its folder.");
        Line(md);
        Models(md, report);
        Fidelity(md, report);
        Ood(md, report);
        Targets(md, report);
        var c = report.Cost;
        Line(md);
        Line(md, $"Parameters: member {c.ParamsMember:N0}, Hydra {c.ParamsHydra:N0} "
            + $"({F2((double)c.ParamsHydra / c.ParamsMember)}× member).");
        return md.ToString();
    }

    private static void Models(StringBuilder md, SeedSetReport report)
    {
        if (report.Regression is { } regression)
        {
            Line(md, "## Regression metrics (target units)");
            Line(md);
            Line(md, "| set | model | RMSE | NLL | 95% coverage |");
            Line(md, "|---|---|---:|---:|---:|");
            foreach (var (set, models) in regression)
            {
                foreach (var key in Ordered(models.Keys))
                {
                    var r = models[key];
                    Line(md, $"| {set} | {key} | {S(r.Rmse)} | {S(r.Nll)} | {S(r.Coverage95, "F3")} |");
                }
            }

            return;
        }

        Line(md, "## In-domain test metrics");
        Line(md);
        Line(md, "| model | accuracy | NLL | Brier | ECE (15 bins) |");
        Line(md, "|---|---:|---:|---:|---:|");
        var scores = report.Models ?? throw new InvalidDataException(
            "A seed-set report has neither classification nor regression metrics.");
        foreach (var key in Ordered(scores.Keys))
        {
            var s = scores[key];
            Line(md, $"| {key} | {S(s.Accuracy)} | {S(s.Nll)} | {S(s.Brier)} | {S(s.Ece)} |");
        }
    }

    private static void Fidelity(StringBuilder md, SeedSetReport report)
    {
        Line(md);
        Line(md, "## Fidelity to the ensemble");
        Line(md);
        Line(md, "| student | set | epistemic Spearman | epistemic MAE | total Spearman | total MAE |");
        Line(md, "|---|---|---:|---:|---:|---:|");
        foreach (var student in Ordered(report.Fidelity.Keys))
        {
            foreach (var (set, f) in report.Fidelity[student])
            {
                Line(md, $"| {student} | {set} | {S(f.EpistemicSpearman)} | {S(f.EpistemicMae)} | "
                    + $"{S(f.TotalSpearman)} | {S(f.TotalMae)} |");
            }
        }

        if (report.EnsembleAgreement is { Count: > 0 } agreement)
        {
            Line(md);
            Line(md, "Reference: one seed set's ensemble against another's on the same rows (epistemic Spearman over "
                + "every pair of sets). Where it is low, the ensemble's ranking is mostly its seeds', and a student "
                + "that follows its own ensemble more closely than this has learnt those members in particular.");
            Line(md);
            Line(md, "| set | ensemble vs another set's ensemble |");
            Line(md, "|---|---:|");
            foreach (var (set, spread) in agreement)
            {
                Line(md, $"| {set} | {S(spread)} |");
            }
        }
    }

    private static void Ood(StringBuilder md, SeedSetReport report)
    {
        if (report.Ood.Count == 0)
        {
            return;
        }

        Line(md);
        Line(md, "## OOD detection (AUROC; % of the ensemble's AUROC by the same score, within each seed set)");
        Line(md);
        Line(md, "| OOD set | model | by total | by epistemic | total, % of ensemble | epistemic, % of ensemble |");
        Line(md, "|---|---|---:|---:|---:|---:|");
        foreach (var (set, models) in report.Ood)
        {
            foreach (var model in Ordered(models.Keys))
            {
                var o = models[model];
                Line(md, $"| {set} | {model} | {S(o.AurocTotal)} | {S(o.AurocEpistemic)} | "
                    + $"{S(o.TotalPercentOfEnsemble, "F1")} | {S(o.EpistemicPercentOfEnsemble, "F1")} |");
            }
        }

        OodNoteLines.Append(md, report.Ood.Keys, report.OodNotes);
    }

    private static void Targets(StringBuilder md, SeedSetReport report)
    {
        if (report.Targets.Count == 0)
        {
            return;
        }

        Line(md);
        Line(md, "## Targets (hydra-method.md §5)");
        Line(md);
        Line(md, "| student | figure | target | value | met in sets |");
        Line(md, "|---|---|---:|---:|---:|");
        foreach (var student in Ordered(report.Targets.Keys))
        {
            foreach (var t in report.Targets[student])
            {
                Line(md, $"| {student} | {t.Figure} | {t.Target} | {S(t.Value)} | {t.MetInSets}/{t.Value.Count} |");
            }
        }
    }

    private static IEnumerable<string> Ordered(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        return ModelOrder.Where(list.Contains).Concat(list.Except(ModelOrder));
    }

    /// <summary>"mean ± std (min–max)".</summary>
    public static string S(Spread spread, string format = "F4")
    {
        ArgumentNullException.ThrowIfNull(spread);
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return $"{F(spread.Mean)} ± {F(spread.Std)} ({F(spread.Min)}–{F(spread.Max)})";
    }

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
