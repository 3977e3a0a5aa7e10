using Hydra.Core.Metrics;
using Hydra.Training.Evaluation;
using ScottPlot;

namespace Hydra.Training.Reporting;

/// <summary>
/// The PNG plots of a regression run: for one input feature, a band plot per model (predictive mean, 95% aleatoric
/// band,
/// 95% total band and the 95% epistemic band on its own, over a grid reaching past the training inputs, with the
/// training points); and, per Hydra
/// student, its epistemic variance against the ensemble's on every input set (log scale).
/// </summary>
internal static class RegressionPlots
{
    private const int Width = 720;
    private const int Height = 480;
    private const int MaxScatterPoints = 4000;
    private const double Z95 = RegressionMetrics.NormalQuantile975;

    /// <summary>
    /// The band plots show targets within this many training-target ranges beyond the training targets.
    /// </summary>
    private const double YMargin = 1.0;

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"),
        Color.FromHex("#9467bd"), Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"),
    ];

    public static IReadOnlyList<string> Write(EvaluationDetail detail, string folder)
    {
        var written = new List<string>();
        if (detail.Curve is { } curve)
        {
            written.AddRange(curve.Models.Keys.Select(model => Band(curve, model, folder)));
        }

        if (detail.Regression is { } sets)
        {
            var students = sets[Evaluator.TestSet].Keys.Where(m => m is not ("ensemble" or "kd"));
            written.AddRange(students.Select(student => EpistemicScatter(sets, student, folder)));
        }

        return written;
    }

    private static string Band(RegressionCurve curve, string model, string folder)
    {
        var moments = curve.Models[model];
        var plot = new Plot();
        var total = plot.Add.FillY(curve.X, Offset(moments.Mean, moments.Total, -Z95), Offset(moments.Mean,
            moments.Total, Z95));
        total.FillColor = Palette[0].WithAlpha(0.18);
        total.LineColor = Colors.Transparent;
        total.LegendText = "95% total (aleatoric + epistemic)";
        var aleatoric = plot.Add.FillY(curve.X, Offset(moments.Mean, moments.Aleatoric, -Z95), Offset(moments.Mean,
            moments.Aleatoric, Z95));
        aleatoric.FillColor = Palette[0].WithAlpha(0.35);
        aleatoric.LineColor = Colors.Transparent;
        aleatoric.LegendText = "95% aleatoric";

        // Where the aleatoric variance dwarfs the epistemic one the total band hides it, so it also gets its own band.
        var epistemic = plot.Add.FillY(curve.X, Offset(moments.Mean, moments.Epistemic, -Z95), Offset(moments.Mean,
            moments.Epistemic, Z95));
        epistemic.FillColor = Palette[4].WithAlpha(0.6);
        epistemic.LineColor = Colors.Transparent;
        epistemic.LegendText = "95% epistemic alone";

        var points = plot.Add.ScatterPoints(curve.TrainX.Select(v => (double)v).ToArray(), curve.TrainY.Select(v
            => (double)v).ToArray());
        points.Color = Colors.Black.WithAlpha(0.35);
        points.MarkerSize = 2;
        points.LegendText = "training points";

        var mean = plot.Add.ScatterLine(curve.X, moments.Mean);
        mean.Color = Palette[1];
        mean.LineWidth = 2;
        mean.LegendText = "predictive mean";
        foreach (var edge in new[] { curve.TrainLow, curve.TrainHigh })
        {
            var line = plot.Add.VerticalLine(edge);
            line.Color = Colors.Gray;
            line.LinePattern = LinePattern.Dashed;
        }

        var (low, high) = curve.TrainY.Length > 0 ? (curve.TrainY.Min(), curve.TrainY.Max()) : (-1f, 1f);
        var span = Math.Max(high - low, 1e-6);
        plot.Axes.SetLimits(curve.X[0], curve.X[^1], low - (YMargin * span), high + (YMargin * span));
        plot.Title($"{model}: predictive mean and 95% bands");
        plot.XLabel("x (training inputs between the dashed lines)");
        plot.YLabel("y");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, $"band-{model}.png");
    }

    /// <summary>log10 of the student's epistemic variance against the ensemble's, one colour per input set.</summary>
    private static string EpistemicScatter(IReadOnlyDictionary<string, IReadOnlyDictionary<string,
        RegressionUncertainty>> sets,
        string student, string folder)
    {
        static double Log(double v) => Math.Log10(Math.Max(v, 1e-12));
        var plot = new Plot();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var i = 0;
        foreach (var (set, models) in sets)
        {
            var ensemble = models["ensemble"].Epistemic;
            var distilled = models[student].Epistemic;
            var step = Math.Max(1, ensemble.Length / (MaxScatterPoints / sets.Count));
            var rows = Enumerable.Range(0, ensemble.Length).Where(r => r % step == 0).ToArray();
            var xs = rows.Select(r => Log(ensemble[r])).ToArray();
            var ys = rows.Select(r => Log(distilled[r])).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys);
            points.Color = Palette[i++ % Palette.Length].WithAlpha(0.5);
            points.MarkerSize = 3;
            points.LegendText = set;
            min = Math.Min(min, Math.Min(xs.DefaultIfEmpty(0).Min(), ys.DefaultIfEmpty(0).Min()));
            max = Math.Max(max, Math.Max(xs.DefaultIfEmpty(0).Max(), ys.DefaultIfEmpty(0).Max()));
        }

        var diagonal = plot.Add.Line(min, min, max, max);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        plot.Title($"Epistemic variance: ensemble vs {student}");
        plot.XLabel("log10 ensemble epistemic variance (target units²)");
        plot.YLabel($"log10 {student} epistemic variance");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, $"scatter-{student}.png");
    }

    private static double[] Offset(double[] mean, double[] variance, double z) =>
        [.. mean.Select((m, i) => m + (z * Math.Sqrt(variance[i])))];

    private static string Save(Plot plot, string folder, string name)
    {
        plot.SavePng(Path.Combine(folder, name), Width, Height);
        return name;
    }
}
