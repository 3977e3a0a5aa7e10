using Hydra.Core.Calibration;
using Hydra.Core.Data;
using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Reports;
using Hydra.Training.Modules;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Evaluation;

/// <summary>
/// hydra-method.md §2 for a Gaussian regression run: RMSE, mixture NLL and 95% coverage of member mean, ensemble, KD,
/// Hydra and Hydra+ on the test set and every OOD set that has targets; the fidelity of each student's epistemic and
/// total
/// variance to the ensemble's; OOD AUROC by variance; the cost. Everything is in the original target units: the models'
/// outputs are mapped back with the bundle's target scaling before any metric sees them.
/// </summary>
internal static class RegressionEvaluator
{
    private const string EnsembleKey = "ensemble";
    private const int CurvePoints = 401;

    /// <summary>The band plots' grid reaches this fraction of the training range past each end of it.</summary>
    private const double CurveMargin = 0.5;

    public static EvaluationResult Evaluate(TrainedModels models, TimeProvider? clock,
        CancellationToken cancellationToken)
    {
        var bundle = models.Bundle;
        var sets = new Dictionary<string, Dataset> { [Evaluator.TestSet] = bundle.Test };
        foreach (var (name, set) in bundle.Ood)
        {
            sets[name] = set;
        }

        var predictions = sets.ToDictionary(s => s.Key, s => Predict(models, s.Value, cancellationToken));
        var test = predictions[Evaluator.TestSet];
        var report = new RunReport
        {
            Dataset = bundle.Name,
            Task = ModelTask.Regression,
            Members = models.MemberCount,
            Architecture = models.Spec.Name,
            MemberArchitecture = Evaluator.MemberArchitecture(models),
            Seeds = models.Options.MemberSeeds,
            Device = models.Device.type.ToString().ToLowerInvariant(),
            Threads = get_num_threads(),
            Settings = Evaluator.Settings(models.Options, withTemperature: false),
            TrainRows = bundle.Train.Count,
            TestRows = bundle.Test.Count,
            Regression = sets.Where(s => s.Value.Targets is not null)
                .ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string,
                RegressionScores>)Scores(predictions[s.Key], s.Value.Targets!)),
            Fidelity = test.Students.Keys.ToDictionary(student => student, student => (IReadOnlyDictionary<string,
                FidelityResult>)
                predictions.ToDictionary(p => p.Key, p => Fidelity(p.Value.Ensemble.Moments,
                    p.Value.Students[student].Moments))),
            Ood = predictions.Where(p => p.Key != Evaluator.TestSet)
                .ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, OodScores>)OodDetection(test, p.Value)),
            OodFlags = OodFlagRates.ForModels(predictions.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string,
                double[]>)p.Value.All.ToDictionary(m => m.Key, m => m.Value.Moments.Epistemic)), Evaluator.TestSet),
            FeaturedOod = bundle.FeaturedOod,
            OodNotes = bundle.OodNotes.Count > 0 ? bundle.OodNotes : null,
            Uncertainty = predictions.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string,
                UncertaintySummary>)p.Value.All
                .ToDictionary(m => m.Key, m => new UncertaintySummary(m.Value.Moments.Total.Average(),
                m.Value.Moments.Aleatoric.Average(), m.Value.Moments.Epistemic.Average()))),
            Cost = Evaluator.Cost(models),
            Teachers = TeacherSummaries.Of(models, null, [.. test.Members.Select(m => Score(m, bundle.Test.Targets!))]),
            Created = (clock ?? TimeProvider.System).GetUtcNow(),
        };

        var detail = new EvaluationDetail(
            new Dictionary<string, IReadOnlyDictionary<string, UncertaintyDecomposition>>(),
            new Dictionary<string, CalibrationResult>())
        {
            Regression = predictions.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string,
                RegressionUncertainty>)p.Value.All
                .ToDictionary(m => m.Key, m => m.Value.Moments)),
            Curve = bundle.Train.RowSize == 1 ? Curve(models, cancellationToken) : null,
        };
        return new EvaluationResult(report, detail);
    }

    private static SetPredictions Predict(TrainedModels models, Dataset set, CancellationToken cancellationToken)
    {
        using (var inputs = TrainingData.NormalisedInputs(set.Features, set.RowShape, models.Bundle, CPU))
        {
            var scaling = models.Bundle.TargetScaling;
            var rows = (int)inputs.shape[0];
            var members = models.Ensemble.Outputs(set, inputs, cancellationToken).Select(o =>
            {
                using (o)
                {
                    return Gaussians.Of(Inference.Gaussians(o, scaling), rows, 1);
                }
            }).ToList();
            var students = models.Students.ToDictionary(s => s.Key,
                s => Gaussians.Of(Inference.HeadGaussians(s.Value, inputs, scaling, cancellationToken), rows,
                    s.Value.HeadCount));
            return new SetPredictions(members, Gaussians.Stack(members, rows), students);
        }
    }

    /// <summary>
    /// member_mean averages each member's own scores; the ensemble and students score their head mixtures.
    /// </summary>
    private static Dictionary<string, RegressionScores> Scores(SetPredictions set, float[] targets)
    {
        var members = set.Members.Select(m => Score(m, targets)).ToList();
        var scores = new Dictionary<string, RegressionScores>
        {
            ["member_mean"] = new(members.Average(s => s.Rmse), members.Average(s => s.Nll), members.Average(s
                => s.Coverage95)),
            [EnsembleKey] = Score(set.Ensemble, targets),
        };
        foreach (var (name, student) in set.Students)
        {
            scores[name] = Score(student, targets);
        }

        return scores;
    }

    private static RegressionScores Score(Gaussians g, float[] targets) => new(
        RegressionMetrics.Rmse(g.Moments.Mean, targets),
        RegressionMetrics.MixtureNll(g.Means, g.Variances, g.Rows, g.Heads, targets),
        RegressionMetrics.Coverage95(g.Means, g.Variances, g.Rows, g.Heads, targets));

    /// <summary>The regression fidelity in the report's common fidelity record (same five fields).</summary>
    private static FidelityResult Fidelity(RegressionUncertainty ensemble, RegressionUncertainty student)
    {
        var f = RegressionFidelity.Compare(ensemble, student);
        return new FidelityResult(f.EpistemicSpearman, f.EpistemicMae, f.TotalSpearman, f.TotalMae, f.KlToEnsemble);
    }

    private static Dictionary<string, OodScores> OodDetection(SetPredictions test, SetPredictions ood) =>
        test.All.ToDictionary(m => m.Key, m => new OodScores(
            RankMetrics.Auroc(m.Value.Moments.Total, ood.All[m.Key].Moments.Total),
            RankMetrics.Auroc(m.Value.Moments.Epistemic, ood.All[m.Key].Moments.Epistemic)));

    /// <summary>
    /// Every model on an even grid over the training range widened by <see cref="CurveMargin"/> of it on each side.
    /// </summary>
    private static RegressionCurve Curve(TrainedModels models, CancellationToken cancellationToken)
    {
        var train = models.Bundle.Train;
        var (low, high) = (train.Features.Min(), train.Features.Max());
        var margin = CurveMargin * Math.Max(high - low, 1e-6);
        var x = Enumerable.Range(0, CurvePoints).Select(i => low - margin + ((high - low + (2 * margin)) * i / (
            CurvePoints - 1))).ToArray();
        var set = Predict(models, new Dataset("curve", [.. x.Select(v => (float)v)], [1]), cancellationToken);
        return new RegressionCurve(x, set.All.ToDictionary(m => m.Key, m => m.Value.Moments), train.Features,
            train.Targets ?? [], low, high);
    }

    /// <summary>
    /// One model's per-head Gaussians on one input set ([rows, heads], target units) and their moments.
    /// </summary>
    private sealed record Gaussians(float[] Means, float[] Variances, int Rows, int Heads)
    {
        public RegressionUncertainty Moments { get; } = RegressionMetrics.Decompose(Means, Variances, Rows, Heads);

        public static Gaussians Of((float[] Means, float[] Variances) g, int rows, int heads) => new(g.Means,
            g.Variances, rows, heads);

        /// <summary>M one-head members as one [rows, M] mixture.</summary>
        public static Gaussians Stack(IReadOnlyList<Gaussians> members, int rows)
        {
            var heads = members.Count;
            var means = new float[rows * heads];
            var variances = new float[rows * heads];
            for (var m = 0; m < heads; m++)
            {
                for (var r = 0; r < rows; r++)
                {
                    means[(r * heads) + m] = members[m].Means[r];
                    variances[(r * heads) + m] = members[m].Variances[r];
                }
            }

            return new Gaussians(means, variances, rows, heads);
        }
    }

    private sealed record SetPredictions(IReadOnlyList<Gaussians> Members, Gaussians Ensemble,
        IReadOnlyDictionary<string, Gaussians> Students)
    {
        /// <summary>The ensemble and the students by report key.</summary>
        public Dictionary<string, Gaussians> All { get; } =
            new[] { KeyValuePair.Create(EnsembleKey, Ensemble) }.Concat(Students).ToDictionary();
    }
}
