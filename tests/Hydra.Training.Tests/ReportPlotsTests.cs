using Hydra.Training.Evaluation;
using Hydra.Training.Reporting;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class ReportPlotsTests(SpiralsRunFixture run) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hydra-plots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Write_SpiralsRun_WritesEveryPlotAsAPng()
    {
        var (_, detail) = Evaluator.EvaluateWithDetail(run.Models);

        var written = ReportPlots.Write(detail, _folder);

        Assert.Equal(
            ["epistemic-ensemble.png", "epistemic-hydra.png", "epistemic-hydra_plus.png", "reliability.png",
                "scatter-hydra.png", "scatter-hydra_plus.png"],
            written.Order(StringComparer.Ordinal));
        foreach (var name in written)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_folder, name));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 5_000, $"{name} is only {bytes.Length} bytes");
        }
    }

    [Fact]
    public void EvaluateWithDetail_Calibration_IsTheDataBehindTheReportedEce()
    {
        var (report, detail) = Evaluator.EvaluateWithDetail(run.Models);

        foreach (var model in new[] { "ensemble", "kd", "hydra", "hydra_plus" })
        {
            Assert.Equal(report.Models![model].Ece, detail.Calibration[model].Ece, 12);
            Assert.Equal(report.TestRows, detail.Calibration[model].BinCount.Sum());
            Assert.Equal(report.Uncertainty["gaps"][model].MeanEpistemic,
                detail.Uncertainty["gaps"][model].Epistemic.Average(), 12);
        }
    }
}
