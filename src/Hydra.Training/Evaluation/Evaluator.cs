using System.Globalization;
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
/// Everything of hydra-method.md §2 for the mean member, the ensemble, KD and Hydra: test metrics, fidelity of
/// each student to the ensemble on the test set and every OOD set, OOD-detection AUROC, and the cost figures.
/// </summary>
public static class Evaluator
{
    public const string TestSet = "test";
    private const int EceBins = 15;
    private const int MapSize = 121;
    private const float MapMargin = 1.1f;

    public static RunReport Evaluate(TrainedModels models, TimeProvider? clock = null,
        CancellationToken cancellationToken = default) =>
        EvaluateWithDetail(models, clock, cancellationToken).Report;

    /// <summary>The report and the per-input values behind it (for plots).</summary>
    public static EvaluationResult EvaluateWithDetail(TrainedModels models, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Bundle.Task == ModelTask.Regression)
        {
            return RegressionEvaluator.Evaluate(models, clock, cancellationToken);
        }

        var bundle = models.Bundle;
        var classes = bundle.Train.ClassCount;
        var sets = new Dictionary<string, Dataset> { [TestSet] = bundle.Test };
        foreach (var (name, set) in bundle.Ood)
        {
            sets[name] = set;
        }

        var predictions = sets.ToDictionary(s => s.Key, s => Predict(models, s.Value, bundle, classes,
            cancellationToken));
        var test = predictions[TestSet];
        var labels = bundle.Test.Labels ?? throw new ArgumentException("The test set has no labels.", nameof(models));

        var memberScores = Enumerable.Range(0, models.MemberCount)
            .Select(m => Score(test.Members[m], classes, labels)).ToList();
        var scores = new Dictionary<string, ClassificationScores>
        {
            ["member_mean"] = Mean(memberScores),
            ["ensemble"] = Score(test.Ensemble.Uncertainty.MeanProbabilities, classes, labels),
        };
        foreach (var (name, student) in test.Students)
        {
            scores[name] = Score(student.Uncertainty.MeanProbabilities, classes, labels);
        }

        var report = new RunReport
        {
            Dataset = bundle.Name,
            Task = ModelTask.Classification,
            Members = models.MemberCount,
            Architecture = models.Spec.Name,
            MemberArchitecture = MemberArchitecture(models),
            Seeds = models.Options.MemberSeeds,
            Device = models.Device.type.ToString().ToLowerInvariant(),
            Threads = get_num_threads(),
            Settings = Settings(models.Options),
            TrainRows = bundle.Train.Count,
            TestRows = bundle.Test.Count,
            Models = scores,
            Fidelity = test.Students.Keys.ToDictionary(student => student, student => (IReadOnlyDictionary<string,
                FidelityResult>)
                predictions.ToDictionary(p => p.Key, p => Fidelity.Compare(p.Value.Ensemble.Uncertainty,
                    p.Value.Students[student].Uncertainty, classes))),
            Ood = predictions.Where(p => p.Key != TestSet).ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string,
                OodScores>)OodDetection(test, p.Value)),
            OodFlags = OodFlagRates.ForModels(predictions.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string,
                double[]>)ModelsOf(p.Value).ToDictionary(m => m.Key, m => m.Value.Uncertainty.Epistemic)), TestSet),
            FeaturedOod = bundle.FeaturedOod,
            OodNotes = bundle.OodNotes.Count > 0 ? bundle.OodNotes : null,
            Uncertainty = predictions.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string,
                UncertaintySummary>)Summaries(p.Value)),
            Cost = Cost(models),
            Teachers = TeacherSummaries.Of(models, memberScores, null),
            Created = (clock ?? TimeProvider.System).GetUtcNow(),
        };
        var detail = Detail(predictions, classes, labels) with
        {
            Map = bundle.Train.RowSize == 2 ? Map(models, classes, cancellationToken) : null,
        };
        return new EvaluationResult(report, detail);
    }

    /// <summary>
    /// Every model's epistemic uncertainty over a square grid reaching <see cref="MapMargin"/> past the farthest
    /// training or OOD coordinate.
    /// </summary>
    private static PlaneMap Map(TrainedModels models, int classes, CancellationToken cancellationToken)
    {
        var bundle = models.Bundle;
        var extent = MapMargin * bundle.Ood.Values.Prepend(bundle.Train).SelectMany(d => d.Features)
            .Select(Math.Abs).DefaultIfEmpty(1f).Max();
        var grid = new float[MapSize * MapSize * 2];
        var map = new PlaneMap(extent, MapSize, new Dictionary<string, double[]>(), bundle.Train.Features,
            bundle.Ood.ToDictionary(o => o.Key, o => o.Value.Features));
        for (var row = 0; row < MapSize; row++)
        {
            for (var column = 0; column < MapSize; column++)
            {
                var (x, y) = map.Point(row, column);
                grid[2 * ((row * MapSize) + column)] = (float)x;
                grid[(2 * ((row * MapSize) + column)) + 1] = (float)y;
            }
        }

        var set = Predict(models, new Dataset("map", grid, [2]), bundle, classes, cancellationToken);
        var epistemic = set.Students.Prepend(KeyValuePair.Create("ensemble", set.Ensemble))
            .ToDictionary(m => m.Key, m => m.Value.Uncertainty.Epistemic);
        return map with { Epistemic = epistemic };
    }

    private static EvaluationDetail Detail(Dictionary<string, SetPredictions> predictions, int classes, int[] labels)
    {
        var test = ModelsOf(predictions[TestSet]);
        return new EvaluationDetail(
            predictions.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string,
                UncertaintyDecomposition>)ModelsOf(p.Value)
                .ToDictionary(m => m.Key, m => m.Value.Uncertainty)),
            test.ToDictionary(m => m.Key, m => ClassificationMetrics.Calibration(m.Value.Uncertainty.MeanProbabilities,
                classes, labels, EceBins)));
    }

    /// <summary>The ensemble and every student, by report key.</summary>
    private static Dictionary<string, Predictions> ModelsOf(SetPredictions set) =>
        new[] { KeyValuePair.Create("ensemble", set.Ensemble) }.Concat(set.Students).ToDictionary();

    /// <summary>
    /// Every model's probabilities on <paramref name="set"/>, normalised as the bundle says (per-feature z-scores
    /// too, which tabular classifiers have).
    /// </summary>
    private static SetPredictions Predict(TrainedModels models, Dataset set, DatasetBundle bundle, int classes,
        CancellationToken cancellationToken)
    {
        using var data = TrainingData.Create(set, bundle, CPU);
        var members = models.Ensemble.Outputs(set, data.Inputs, cancellationToken).Select(o =>
        {
            using (o)
            {
                return Inference.Probabilities(o);
            }
        }).ToList();
        var students = models.Students.ToDictionary(s => s.Key, s =>
            new Predictions(Inference.HeadProbabilities(s.Value, data.Inputs, cancellationToken), set.Count,
                s.Value.HeadCount, classes));
        return new SetPredictions(members, Predictions.Stack(members, set.Count, classes), students);
    }

    private static ClassificationScores Score(float[] probabilities, int classes, int[] labels) => new(
        ClassificationMetrics.Accuracy(probabilities, classes, labels),
        ClassificationMetrics.NegativeLogLikelihood(probabilities, classes, labels),
        ClassificationMetrics.Brier(probabilities, classes, labels),
        ClassificationMetrics.Calibration(probabilities, classes, labels, EceBins).Ece,
        EceBins);

    private static ClassificationScores Mean(IReadOnlyList<ClassificationScores> scores) => new(
        scores.Average(s => s.Accuracy), scores.Average(s => s.Nll), scores.Average(s => s.Brier), scores.Average(s
            => s.Ece), EceBins);

    private static Dictionary<string, OodScores> OodDetection(SetPredictions test, SetPredictions ood)
    {
        static OodScores Auroc(Predictions inDomain, Predictions outOfDomain) => new(
            RankMetrics.Auroc(inDomain.Uncertainty.Total, outOfDomain.Uncertainty.Total),
            RankMetrics.Auroc(inDomain.Uncertainty.Epistemic, outOfDomain.Uncertainty.Epistemic));

        var scores = new Dictionary<string, OodScores> { ["ensemble"] = Auroc(test.Ensemble, ood.Ensemble) };
        foreach (var name in test.Students.Keys)
        {
            scores[name] = Auroc(test.Students[name], ood.Students[name]);
        }

        return scores;
    }

    private static Dictionary<string, UncertaintySummary> Summaries(SetPredictions set)
    {
        static UncertaintySummary Summary(Predictions p) =>
            new(p.Uncertainty.Total.Average(), p.Uncertainty.Aleatoric.Average(), p.Uncertainty.Epistemic.Average());

        var summaries = new Dictionary<string, UncertaintySummary> { ["ensemble"] = Summary(set.Ensemble) };
        foreach (var (name, student) in set.Students)
        {
            summaries[name] = Summary(student);
        }

        return summaries;
    }

    internal static CostSummary Cost(TrainedModels models)
    {
        var spec = models.Spec;
        var m = models.MemberCount;
        var (body, head) = spec.MultiplyAccumulates();
        // The product's own members may have an architecture of their own (students with wider heads, say).
        var memberSpec = models.Ensemble.MemberSpec ?? spec;
        var (memberBody, memberHead) = memberSpec.MultiplyAccumulates();
        var phases = models.Phases
            .GroupBy(p => p.Phase.StartsWith("member", StringComparison.Ordinal) ? "members" : p.Phase.Replace("+",
            "_plus", StringComparison.Ordinal).Replace(' ', '_'))
            .ToDictionary(g => g.Key, g => (Samples: g.Sum(p => p.Samples), Seconds: g.Sum(p => p.Seconds),
                Cpu: g.All(p => p.CpuSeconds is not null) ? g.Sum(p => p.CpuSeconds) : null));
        // Teachers trained elsewhere have their own size; their multiply-accumulates are unknown, so the MAC columns
        // stay the student architecture's.
        var (member, ensemble) = models.Teachers is { } teachers && teachers.Teachers.All(t => t.Parameters > 0)
            ? (teachers.Teachers.Sum(t => t.Parameters) / m, teachers.Teachers.Sum(t => t.Parameters))
            : (memberSpec.Parameters(1), m * memberSpec.Parameters(1));
        return new CostSummary(
            member, ensemble, spec.Parameters(1), spec.Parameters(m),
            memberBody + memberHead, m * (memberBody + memberHead), body + (m * head),
            phases.ToDictionary(p => p.Key, p => p.Value.Seconds > 0 ? p.Value.Samples / p.Value.Seconds : 0),
            phases.ToDictionary(p => p.Key, p => p.Value.Seconds),
            phases.Where(p => p.Value.Cpu is not null).ToDictionary(p => p.Key, p => p.Value.Cpu!.Value),
            memberBody + memberHead == body + head ? null : body + head);
    }

    /// <summary>The members' architecture name when not the students' (null otherwise, and for teachers).</summary>
    internal static string? MemberArchitecture(TrainedModels models) =>
        models.Ensemble.MemberSpec is { } members && members.ToJson() != models.Spec.ToJson()
            ? members.Name
            : null;

    /// <summary>The run's settings for the report; the temperature only where it was used (classification).</summary>
    internal static Dictionary<string, string> Settings(TrainingOptions options, bool withTemperature = true)
    {
        static string S(double v) => v.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["member_epochs"] = S(options.MemberEpochs),
            ["kd_epochs"] = S(options.KdEpochs),
            ["hydra_epochs"] = $"{options.HydraPhase1Epochs}+{options.HydraPhase2Epochs}",
            ["learning_rate"] = S(options.LearningRate),
            ["batch_size"] = S(options.BatchSize),
        };
        if (options.HydraPlus && options.HydraPlusFromHydra)
        {
            // No phase 1 of its own: Hydra+'s phase 2 continues from the trained Hydra.
            settings["hydra_plus_epochs"] = $"hydra+{options.PlusPhase2Epochs}";
        }
        else if (options.HydraPlus && options.PlusPhase2Epochs != options.HydraPhase2Epochs)
        {
            settings["hydra_plus_epochs"] = $"{options.HydraPhase1Epochs}+{options.PlusPhase2Epochs}";
        }

        if (withTemperature)
        {
            settings["temperature"] = S(options.Temperature);
        }

        settings["optimizer"] = "adam";
        return settings;
    }

    private sealed record SetPredictions(IReadOnlyList<float[]> Members, Predictions Ensemble,
        IReadOnlyDictionary<string, Predictions> Students);
}
