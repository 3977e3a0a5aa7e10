using Hydra.Core.Checkpoints;
using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Reports;
using Hydra.Core.Storage;
using Hydra.Training.Reporting;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class RegressionPipelineTests(RegressionRunFixture run) : IClassFixture<RegressionRunFixture>
{
    private static readonly string[] ModelKeys = ["ensemble", "kd", "hydra", "hydra_plus"];

    [Fact]
    public void Evaluate_ToyRegression_HydraEpistemicVarianceOutsideTheTrainingIntervalExceedsInside()
    {
        var uncertainty = run.Result.Report.Uncertainty;

        foreach (var model in new[] { "hydra", "hydra_plus" })
        {
            Assert.True(uncertainty["outside"][model].MeanEpistemic > uncertainty["test"][model].MeanEpistemic,
                $"{model}: mean epistemic variance outside {uncertainty["outside"][model].MeanEpistemic} "
                    + $"should exceed inside {uncertainty["test"][model].MeanEpistemic}");
        }
    }

    [Fact]
    public void Evaluate_ToyRegression_ScoresAreInOriginalTargetUnits()
    {
        var report = run.Result.Report;

        // The noise has variance 9 (1 + |x|)², 93 on average over x ~ U(−4, 4): an RMSE near √93 ≈ 9.6 is in original
        // units; on the standardised axis (targets' std ≈ 25) it would be below 1.
        Assert.Equal(ModelTask.Regression, report.Task);
        Assert.Null(report.Models);
        Assert.Equal(["member_mean", "ensemble", "kd", "hydra", "hydra_plus"], report.Regression!["test"].Keys);
        foreach (var (model, scores) in report.Regression["test"])
        {
            Assert.InRange(scores.Rmse, 8.0, 14.0);
            Assert.InRange(scores.Coverage95, 0.85, 1.0);
            Assert.InRange(scores.Nll, 3.0, 4.5);
        }

        Assert.True(report.Regression["outside"]["ensemble"].Rmse > report.Regression["test"]["ensemble"].Rmse);
    }

    [Fact]
    public void Evaluate_ToyRegression_ReportAgreesWithAnIndependentRecomputationFromTheDetail()
    {
        var report = run.Result.Report;
        var detail = run.Result.Detail.Regression!;
        var targets = run.Bundle.Test.Targets!;

        foreach (var model in ModelKeys)
        {
            var moments = detail["test"][model];
            var squares = moments.Mean.Select((m, i) => (m - targets[i]) * (m - targets[i])).Sum();
            Assert.Equal(Math.Sqrt(squares / targets.Length), report.Regression!["test"][model].Rmse, 9);
            Assert.Equal(moments.Epistemic.Average(), report.Uncertainty["test"][model].MeanEpistemic, 9);
            for (var i = 0; i < moments.Total.Length; i++)
            {
                Assert.Equal(moments.Aleatoric[i] + moments.Epistemic[i], moments.Total[i], 9);
            }
        }

        Assert.All(detail["outside"]["kd"].Epistemic, e => Assert.Equal(0.0, e));
        var fidelity = RegressionFidelity.Compare(detail["outside"]["ensemble"], detail["outside"]["hydra"]);
        Assert.Equal(fidelity.EpistemicSpearman, report.Fidelity["hydra"]["outside"].EpistemicSpearman, 12);
    }

    [Fact]
    public async Task TrainAsync_ToyRegression_CardsCarryTheTaskTheScalingsAndAGaussianProbe()
    {
        var store = new CheckpointStore(new FolderArtifactStore(run.Folder));

        var card = (await store.ReadAsync(CheckpointPaths.Folder("", ModelKind.Hydra), CancellationToken.None)).Card;

        Assert.Equal(ModelTask.Regression, card.Task);
        Assert.Null(card.Classes);
        Assert.Equal(run.Bundle.TargetScaling, card.TargetScaling);
        Assert.Equal(run.Bundle.FeatureNormalization!.Mean, card.Input.Features!.Mean);
        Assert.Equal(run.Bundle.FeatureNormalization.Std, card.Input.Features.Std);
        var probe = card.ParityProbe!;
        Assert.All(probe.HeadOutputs, row => Assert.All(row, head => Assert.Equal(2, head.Length)));
        Assert.All(probe.HeadOutputs.SelectMany(r => r), head => Assert.True(head[1] > 0, "variance must be positive"));
        Assert.InRange(card.Metrics["test_rmse"], 8.0, 14.0);
        Assert.Equal(run.Result.Report.Regression!["test"]["hydra"].Rmse, card.Metrics["test_rmse"], 5);
    }

    [Fact]
    public void Write_RegressionDetail_WritesABandPlotPerModelAndAScatterPerHydra()
    {
        var folder = Path.Combine(run.Folder, "plots");

        var written = ReportPlots.Write(run.Result.Detail, folder);

        Assert.Equal(["band-ensemble.png", "band-kd.png", "band-hydra.png", "band-hydra_plus.png", "scatter-hydra.png",
            "scatter-hydra_plus.png"], written);
        Assert.All(written, name => Assert.True(new FileInfo(Path.Combine(folder, name)).Length > 1000,
            $"{name} looks empty"));
        var markdown = MarkdownReport.Render(run.Result.Report, written);
        Assert.Contains("![band-hydra](band-hydra.png)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Curve_ToyRegression_ReachesPastTheTrainingInterval()
    {
        var curve = run.Result.Detail.Curve!;

        Assert.True(curve.X[0] < -5.5 && curve.X[^1] > 5.5,
            $"grid [{curve.X[0]}, {curve.X[^1]}] should reach well past [−4, 4]");
        Assert.InRange(curve.TrainLow, -4.0, -3.9);
        Assert.Equal(run.Bundle.Train.Count, curve.TrainY.Length);
    }
}
