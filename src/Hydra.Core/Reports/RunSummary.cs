using System.Globalization;
using System.Text;

namespace Hydra.Core.Reports;

/// <summary>
/// The few lines printed after a run's full report, for a person to read in ten seconds: per model the in-domain
/// quality (accuracy and NLL, or RMSE and NLL for regression), OOD detection, the share of the ensemble's epistemic
/// signal kept and the scoring cost relative to the ensemble; then where the full report and the plots are.
/// </summary>
public static class RunSummary
{
    private static readonly string[] ModelOrder = ["ensemble", "kd", "hydra", "hydra_plus"];
    private static readonly int[] Widths = [-10, 9, 8, 27, 14, 12];

    /// <param name="report">The run's report.</param>
    /// <param name="folder">Where report.md, report.json and the plots were written.</param>
    /// <param name="plots">The plots' file names in <paramref name="folder"/>.</param>
    public static string Render(RunReport report, string folder, IReadOnlyList<string> plots)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(plots);
        var regression = report.Regression is not null;
        var oodSets = OodSets(report);
        var text = new StringBuilder();
        Line(text, $"Summary: {report.Dataset}, M = {report.Members}. OOD detection: AUROC on "
            + $"{Describe(report, oodSets)}, test set negative.");
        Line(text, Row(["model", regression ? "RMSE" : "accuracy", "NLL", "OOD AUROC total / epistemic",
            "epistemic kept", "scoring cost"]));
        foreach (var model in ModelOrder.Where(m => InDomain(report, m) is not null))
        {
            var (quality, nll) = InDomain(report, model)!.Value;
            var auroc = OodAuroc(report, model, oodSets);
            var ensemble = OodAuroc(report, "ensemble", oodSets);
            var share = auroc is { } a && ensemble is { } e ? EpistemicShare(a.AurocEpistemic, e.AurocEpistemic) : null;
            var none = HasNoEpistemic(report, model);
            Line(text, Row([model, F4(quality), F4(nll),
                auroc is { } o ? $"{F3(o.AurocTotal)} / {(none ? "none" : F3(o.AurocEpistemic))}" : "—",
                share is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:F0} %") : "—",
                string.Create(CultureInfo.InvariantCulture, $"{RelativeCost(report.Cost, model):F2}×")]));
        }

        Line(text, "epistemic kept = (epistemic AUROC − 0.5) / (ensemble's − 0.5); "
            + "scoring cost = multiply-accumulates per row / ensemble's");
        if (ModelOrder.Any(m => InDomain(report, m) is not null && HasNoEpistemic(report, m)))
        {
            Line(text, "none: a single head has no epistemic uncertainty (its AUROC by it is 0.5, chance).");
        }

        Line(text, $"Full report: {Path.Combine(folder, "report.md")} (and report.json)");
        if (plots.Count > 0)
        {
            Line(text, $"Plots: {string.Join(", ", Families(plots))} in {folder} ({plots.Count} files)");
        }

        return text.ToString();
    }

    /// <summary>
    /// The share of the ensemble's epistemic OOD signal a model keeps: (AUROC − 0.5) / (ensemble's AUROC − 0.5), 1 for
    /// the ensemble, 0 for a chance-level detector, above 1 when the model separates better than the ensemble. Null
    /// when the ensemble's AUROC is not above 0.5: there is no signal to keep.
    /// </summary>
    public static double? EpistemicShare(double modelAuroc, double ensembleAuroc) =>
        ensembleAuroc > 0.5 ? (modelAuroc - 0.5) / (ensembleAuroc - 0.5) : null;

    /// <summary>
    /// Multiply-accumulates per row of <paramref name="model"/> over the ensemble's: KD costs one member, Hydra and
    /// Hydra+ one body and M heads.
    /// </summary>
    public static double RelativeCost(CostSummary cost, string model)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var macs = model switch
        {
            "ensemble" => cost.MacsEnsemble,
            "kd" => cost.KdMacs,
            "hydra" or "hydra_plus" => cost.MacsHydra,
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Not a model of a run."),
        };
        return (double)macs / cost.MacsEnsemble;
    }

    /// <summary>
    /// The AUROC of <paramref name="model"/> on the summary's OOD sets: the one set's, or the mean over several; null
    /// when there are none or the model has no entry.
    /// </summary>
    public static OodScores? OodAuroc(RunReport report, string model, IReadOnlyList<string> sets)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(sets);
        var scores = sets.Select(s => report.Ood[s].GetValueOrDefault(model)).ToList();
        if (scores.Count == 0 || scores.Any(s => s is null))
        {
            return null;
        }

        return new OodScores(scores.Average(s => s!.AurocTotal), scores.Average(s => s!.AurocEpistemic));
    }

    /// <summary>The featured OOD set when the report names one, otherwise every OOD set.</summary>
    public static IReadOnlyList<string> OodSets(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.FeaturedOod is { } featured && report.Ood.ContainsKey(featured)
            ? [featured]
            : [.. report.Ood.Keys];
    }

    private static string Describe(RunReport report, IReadOnlyList<string> sets) => sets.Count switch
    {
        0 => "no OOD set",
        1 when report.OodNotes?.GetValueOrDefault(sets[0]) is { } note => $"the {Before(note, ':')} set '{sets[0]}'",
        1 => $"'{sets[0]}'",
        _ => $"the mean over {string.Join(", ", sets)}",
    };

    /// <summary>Plot names grouped by the part before their first '-': epistemic-kd.png → epistemic-*.png.</summary>
    public static IReadOnlyList<string> Families(IEnumerable<string> plots)
    {
        ArgumentNullException.ThrowIfNull(plots);
        return [.. plots.Select(p => p.IndexOf('-', StringComparison.Ordinal) is var dash and > 0
            ? string.Concat(p.AsSpan(0, dash), "-*", Path.GetExtension(p)) : p).Distinct(StringComparer.Ordinal)];
    }

    private static string Before(string text, char separator)
    {
        var end = text.IndexOf(separator, StringComparison.Ordinal);
        return end > 0 ? text[..end] : text;
    }

    /// <summary>Accuracy (classification) or RMSE (regression), and NLL, on the test set; null if unreported.</summary>
    private static (double Quality, double Nll)? InDomain(RunReport report, string model)
    {
        if (report.Models?.GetValueOrDefault(model) is { } c)
        {
            return (c.Accuracy, c.Nll);
        }

        return report.Regression?.GetValueOrDefault("test")?.GetValueOrDefault(model) is { } r ? (r.Rmse, r.Nll) : null;
    }

    /// <summary>True when the model's epistemic uncertainty is zero on every set it was scored on (one head).</summary>
    private static bool HasNoEpistemic(RunReport report, string model)
    {
        var means = report.Uncertainty.Values.Select(m => m.GetValueOrDefault(model)).Where(u => u is not null)
            .ToList();
        return means.Count > 0 && means.All(u => u!.MeanEpistemic == 0);
    }

    private static string Row(string[] cells) =>
        string.Join("  ", cells.Select((c, i) => Widths[i] < 0 ? c.PadRight(-Widths[i]) : c.PadLeft(Widths[i])))
            .TrimEnd();

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
