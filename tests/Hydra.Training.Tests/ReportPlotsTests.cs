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
            ["epistemic-ensemble.png", "epistemic-hydra.png", "epistemic-hydra_plus.png", "map-ensemble.png",
                "map-hydra.png", "map-hydra_plus.png", "reliability.png", "scatter-hydra.png",
                "scatter-hydra_plus.png"],
            written.Order(StringComparer.Ordinal));
        foreach (var name in written)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_folder, name));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 5_000, $"{name} is only {bytes.Length} bytes");
        }
    }

    [Fact]
    public void EvaluateWithDetail_Map_CoversTheDataAndIsOrientedAsThePointsAre()
    {
        var (_, detail) = Evaluator.EvaluateWithDetail(run.Models);

        var map = detail.Map!;
        var farthest = run.Bundle.Ood.Values.Prepend(run.Bundle.Train).SelectMany(d => d.Features).Max(Math.Abs);
        Assert.Equal(1.1 * farthest, map.Extent, 4);
        var (left, top) = map.Point(0, 0);
        var (right, bottom) = map.Point(map.Size - 1, map.Size - 1);
        Assert.Equal(-map.Extent, left, 12);
        Assert.Equal(map.Extent, top, 12);
        Assert.Equal(map.Extent, right, 12);
        Assert.Equal(-map.Extent, bottom, 12);
        Assert.Equal(["ensemble", "hydra", "hydra_plus", "kd"], map.Epistemic.Keys.Order(StringComparer.Ordinal));
        Assert.All(map.Epistemic.Values, v => Assert.Equal(map.Size * map.Size, v.Length));
        Assert.All(map.Epistemic["kd"], v => Assert.Equal(0, v));
        Assert.All(map.Epistemic["ensemble"], v => Assert.True(v >= -1e-9, $"negative epistemic {v}"));
        // Read at the cells nearest the seams and the test rows, the map must show what the per-point scores show:
        // far more disagreement on the seams (a map flipped or transposed would not).
        var seams = NearestCells(map, run.Bundle.Ood["seams"].Features).Average();
        var test = NearestCells(map, run.Bundle.Test.Features).Average();
        Assert.True(seams > 5 * test, $"map epistemic at the seams {seams:F4} vs at the test rows {test:F4}");
    }

    private static IEnumerable<double> NearestCells(PlaneMap map, float[] points)
    {
        var step = 2 * map.Extent / (map.Size - 1);
        for (var i = 0; i < points.Length / 2; i++)
        {
            var column = (int)Math.Round((points[2 * i] + map.Extent) / step);
            var row = (int)Math.Round((map.Extent - points[(2 * i) + 1]) / step);
            yield return map.Epistemic["ensemble"][(row * map.Size) + column];
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
