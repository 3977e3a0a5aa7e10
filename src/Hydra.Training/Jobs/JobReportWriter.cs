using System.Text;
using Hydra.Core.Jobs;
using Hydra.Core.Reports;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;
using Hydra.Training.Reporting;

namespace Hydra.Training.Jobs;

/// <summary>
/// Evaluates a job's trained models and writes "reports/{jobId}/": report.json, report.md and the plots.
/// </summary>
internal sealed class JobReportWriter(IArtifactStore artifacts, TimeProvider clock)
{
    public async Task WriteAsync(string jobId, TrainedModels models, CancellationToken cancellationToken)
    {
        var prefix = JobPaths.Reports(jobId);
        var (report, detail) = Evaluator.EvaluateWithDetail(models, clock, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("hydra-report-");
        try
        {
            var plots = ReportPlots.Write(detail, folder.FullName).Select(Path.GetFileName).OfType<string>().ToList();
            foreach (var plot in plots)
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(folder.FullName, plot), cancellationToken);
                await artifacts.WriteAsync($"{prefix}/{plot}", bytes, cancellationToken);
            }

            var markdown = Encoding.UTF8.GetBytes(MarkdownReport.Render(report, plots));
            await artifacts.WriteAsync($"{prefix}/report.md", markdown, cancellationToken);
            await artifacts.WriteAsync($"{prefix}/report.json", Encoding.UTF8.GetBytes(report.ToJson()),
                cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
