using System.Text;
using Hydra.Core.Reports;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;
using Hydra.Training.Reporting;

namespace Hydra.Cli.Commands;

/// <summary>Evaluates a trained run and writes report.json, report.md and the plots next to its checkpoints.</summary>
internal static class RunReports
{
    /// <summary>Returns the report and the plots' file names.</summary>
    public static async Task<(RunReport Report, IReadOnlyList<string> Plots)> WriteAsync(TrainedModels models,
        FolderArtifactStore store, TextWriter console, CancellationToken cancellationToken)
    {
        var (report, plots, _) = await WriteWithDetailAsync(models, store, console, cancellationToken);
        return (report, plots);
    }

    /// <summary>As <see cref="WriteAsync"/>, with the per-input detail the report was computed from.</summary>
    public static async Task<(RunReport Report, IReadOnlyList<string> Plots, EvaluationDetail Detail)>
        WriteWithDetailAsync(TrainedModels models, FolderArtifactStore store, TextWriter console,
            CancellationToken cancellationToken)
    {
        console.WriteLine("Evaluating …");
        var (report, detail) = Evaluator.EvaluateWithDetail(models, cancellationToken: cancellationToken);
        var plots = ReportPlots.Write(detail, store.Root);
        var markdown = MarkdownReport.Render(report, plots);
        await store.WriteAsync("report.json", Encoding.UTF8.GetBytes(report.ToJson()), cancellationToken);
        await store.WriteAsync("report.md", Encoding.UTF8.GetBytes(markdown), cancellationToken);
        return (report, plots, detail);
    }

    /// <summary>The full report, where it was written, then the run's summary.</summary>
    public static void Print(RunReport report, IReadOnlyList<string> plots, string output, TextWriter console)
    {
        console.WriteLine();
        console.WriteLine(MarkdownReport.Render(report));
        console.WriteLine($"Wrote checkpoints, report.json, report.md and plots to {Path.GetFullPath(output)}");
        console.WriteLine();
        console.Write(RunSummary.Render(report, Path.GetFullPath(output), plots));
    }
}
