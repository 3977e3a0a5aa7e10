using System.Globalization;
using System.Text;

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
        Line(md, $"# Hydra run: {report.Dataset}, {report.Architecture}, M = {report.Members}");
        Line(md);
        Line(md, $"Seeds {string.Join(", ", report.Seeds)}; {report.TrainRows} training rows, {report.TestRows} test rows; " +
            $"device {report.Device}, {report.Threads} threads; " +
            string.Join(", ", report.Settings.Select(s => $"{s.Key} {s.Value}")) + $"; created {report.Created:u}.");
        Line(md);
        Line(md, "## In-domain test metrics");
        Line(md);
        Line(md, $"| model | accuracy | NLL | Brier | ECE ({report.Models.Values.First().EceBins} bins) |");
        Line(md, "|---|---:|---:|---:|---:|");
        foreach (var key in ModelOrder.Where(report.Models.ContainsKey).Concat(report.Models.Keys.Except(ModelOrder)))
        {
            var s = report.Models[key];
            Line(md, $"| {key} | {F(s.Accuracy)} | {F(s.Nll)} | {F(s.Brier)} | {F(s.Ece)} |");
        }

        Line(md);
        Line(md, "## Fidelity to the ensemble");
        Line(md);
        Line(md, "| student | set | epistemic Spearman | epistemic MAE | total Spearman | total MAE | KL(ensemble ‖ student) |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|");
        foreach (var (student, sets) in report.Fidelity)
        {
            foreach (var (set, f) in sets)
            {
                Line(md, $"| {student} | {set} | {F(f.EpistemicSpearman)} | {F(f.EpistemicMae)} | {F(f.TotalSpearman)} | {F(f.TotalMae)} | {F(f.KlToEnsemble)} |");
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
        }

        Line(md);
        Line(md, "## Mean uncertainty per input set (nats)");
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
        Line(md, $"| ensemble | {c.ParamsEnsemble:N0} | {F2((double)c.ParamsEnsemble / c.ParamsMember)} | {c.MacsEnsemble:N0} |");
        Line(md, $"| kd | {c.ParamsKd:N0} | {F2((double)c.ParamsKd / c.ParamsMember)} | {c.MacsMember:N0} |");
        var hydraLabel = report.Models.ContainsKey("hydra_plus") ? "hydra, hydra_plus" : "hydra";
        Line(md, $"| {hydraLabel} | {c.ParamsHydra:N0} | {F2((double)c.ParamsHydra / c.ParamsMember)} | {c.MacsHydra:N0} |");
        Line(md);
        Line(md, $"MAC bound on Hydra's scoring speed-up over the ensemble: {F2((double)c.MacsEnsemble / c.MacsHydra)}×.");
        Line(md);
        Line(md, "| training phase | seconds | samples/s |");
        Line(md, "|---|---:|---:|");
        foreach (var (phase, rate) in c.SamplesPerSecond)
        {
            Line(md, $"| {phase} | {c.Seconds[phase].ToString("F1", CultureInfo.InvariantCulture)} | {rate.ToString("N0", CultureInfo.InvariantCulture)} |");
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

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
