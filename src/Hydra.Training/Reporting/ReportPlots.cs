using Hydra.Core.Metrics;
using Hydra.Training.Evaluation;
using ScottPlot;

namespace Hydra.Training.Reporting;

/// <summary>
/// The PNG plots of a run: a reliability diagram, epistemic histograms in-domain vs each OOD set per model, and
/// ensemble-vs-student epistemic scatter plots (regression runs get <see cref="RegressionPlots"/> instead). Returns the
/// file
/// names written, for report.md to embed.
/// </summary>
public static class ReportPlots
{
    private const int Width = 720;
    private const int Height = 480;
    private const int HistogramBins = 40;
    private const int MaxScatterPoints = 4000;
    private const int MaxMapPoints = 400;
    private const int MapWidth = 600;

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"),
        Color.FromHex("#9467bd"), Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"),
    ];

    /// <summary>Bright colours for the OOD sets on the map's dark background.</summary>
    private static readonly Color[] MapPalette = [Colors.Red, Colors.Lime, Colors.Orange, Colors.Magenta, Colors.Cyan];

    public static IReadOnlyList<string> Write(EvaluationDetail detail, string folder)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        if (detail.Regression is not null)
        {
            return RegressionPlots.Write(detail, folder);
        }

        var written = new List<string> { Reliability(detail.Calibration, folder) };
        var models = detail.Uncertainty[Evaluator.TestSet].Keys.Where(m => m != "kd");
        written.AddRange(models.Select(m => EpistemicHistogram(detail, m, folder)));
        written.AddRange(models.Where(m => m != "ensemble").Select(m => EpistemicScatter(detail, m, folder)));
        if (detail.Map is { } map)
        {
            written.AddRange(models.Select(m => EpistemicMap(map, m, folder)));
        }

        return written;
    }

    /// <summary>
    /// A model's epistemic uncertainty over the plane as a heatmap, on one colour scale for every model, with a sample
    /// of the training rows and of each OOD set on top.
    /// </summary>
    private static string EpistemicMap(PlaneMap map, string model, string folder)
    {
        var plot = new Plot();
        var intensities = new double[map.Size, map.Size];
        var values = map.Epistemic[model];
        for (var i = 0; i < values.Length; i++)
        {
            intensities[i / map.Size, i % map.Size] = values[i];
        }

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Rectangle = new CoordinateRect(-map.Extent, map.Extent, -map.Extent, map.Extent);
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(map.Epistemic.Values.Max(v => v.Max()), 1e-6));
        plot.Add.ColorBar(heatmap).Label = "epistemic (nats)";
        MapPoints(plot, map.Train, Colors.White, "training rows");
        var colour = 0;
        foreach (var (set, points) in map.Ood)
        {
            MapPoints(plot, points, MapPalette[colour++ % MapPalette.Length], set);
        }

        plot.Title($"Epistemic uncertainty of {model} over the plane");
        plot.Axes.SetLimits(-map.Extent, map.Extent, -map.Extent, map.Extent);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(Path.Combine(folder, $"map-{model}.png"), MapWidth, Height);
        return $"map-{model}.png";
    }

    private static void MapPoints(Plot plot, float[] points, Color color, string label)
    {
        var count = points.Length / 2;
        var step = Math.Max(1, count / MaxMapPoints);
        var rows = Enumerable.Range(0, count).Where(r => r % step == 0).ToArray();
        var scatter = plot.Add.ScatterPoints(rows.Select(r => (double)points[2 * r]).ToArray(),
            rows.Select(r => (double)points[(2 * r) + 1]).ToArray());
        scatter.Color = color;
        scatter.MarkerSize = 3;
        scatter.LegendText = label;
    }

    private static string Reliability(IReadOnlyDictionary<string, CalibrationResult> calibration, string folder)
    {
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfect calibration";
        var i = 0;
        foreach (var (model, result) in calibration)
        {
            var used = Enumerable.Range(0, result.Bins).Where(b => result.BinCount[b] > 0).ToArray();
            var line = plot.Add.Scatter(used.Select(b => result.BinConfidence[b]).ToArray(), used.Select(b
                => result.BinAccuracy[b]).ToArray());
            line.Color = Palette[i++ % Palette.Length];
            line.LegendText = FormattableString.Invariant($"{model} (ECE {result.Ece:F4})");
        }

        plot.Title(FormattableString.Invariant(
            $"Reliability on the test set ({calibration.Values.First().Bins} bins)"));
        plot.XLabel("confidence (max probability)");
        plot.YLabel("accuracy");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, "reliability.png");
    }

    private static string EpistemicHistogram(EvaluationDetail detail, string model, string folder)
    {
        var plot = new Plot();
        var max = detail.Uncertainty.Values.Max(s => s[model].Epistemic.DefaultIfEmpty(0).Max());
        var width = Math.Max(max, 1e-6) / HistogramBins;
        var i = 0;
        foreach (var (set, models) in detail.Uncertainty)
        {
            var values = models[model].Epistemic;
            var counts = new double[HistogramBins];
            foreach (var v in values)
            {
                counts[Math.Min(HistogramBins - 1, (int)(v / width))] += 1.0 / values.Length;
            }

            var xs = Enumerable.Range(0, HistogramBins).Select(b => (b + 0.5) * width).ToArray();
            var line = plot.Add.Scatter(xs, counts);
            line.Color = Palette[i++ % Palette.Length];
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = FormattableString.Invariant($"{set} (mean {values.DefaultIfEmpty(0).Average():F4})");
        }

        plot.Title($"Epistemic uncertainty of {model}: in-domain vs OOD");
        plot.XLabel("epistemic uncertainty (mutual information, nats)");
        plot.YLabel("fraction of inputs");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, folder, $"epistemic-{model}.png");
    }

    private static string EpistemicScatter(EvaluationDetail detail, string student, string folder)
    {
        var plot = new Plot();
        var max = 0.0;
        var i = 0;
        foreach (var (set, models) in detail.Uncertainty)
        {
            var ensemble = models["ensemble"].Epistemic;
            var distilled = models[student].Epistemic;
            var step = Math.Max(1, ensemble.Length / (MaxScatterPoints / detail.Uncertainty.Count));
            var rows = Enumerable.Range(0, ensemble.Length).Where(r => r % step == 0).ToArray();
            var points = plot.Add.ScatterPoints(rows.Select(r => ensemble[r]).ToArray(), rows.Select(r
                => distilled[r]).ToArray());
            points.Color = Palette[i++ % Palette.Length].WithAlpha(0.5);
            points.MarkerSize = 3;
            points.LegendText = set;
            max = Math.Max(max, Math.Max(ensemble.DefaultIfEmpty(0).Max(), distilled.DefaultIfEmpty(0).Max()));
        }

        var diagonal = plot.Add.Line(0, 0, max, max);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        plot.Title($"Epistemic uncertainty: ensemble vs {student}");
        plot.XLabel("ensemble epistemic (nats)");
        plot.YLabel($"{student} epistemic (nats)");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, $"scatter-{student}.png");
    }

    private static string Save(Plot plot, string folder, string name)
    {
        plot.SavePng(Path.Combine(folder, name), Width, Height);
        return name;
    }
}
