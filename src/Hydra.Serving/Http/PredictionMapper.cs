using Hydra.Core.Models;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// Turns a graph's output tensors into one <see cref="RowPrediction"/> per row, for a classifier or a regressor.
/// </summary>
public static class PredictionMapper
{
    /// <summary>
    /// The outputs the simple API needs from the model's graph (and the per-head ones when asked for).
    /// </summary>
    public static IReadOnlyList<string> OutputsFor(ModelManifest manifest, bool includeHeads)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        IReadOnlyList<string> graph = manifest.Task switch
        {
            ModelTask.Classification => includeHeads ? [.. GraphNames.Classification,
                GraphNames.HeadProbabilities] : GraphNames.Classification,
            ModelTask.Regression => includeHeads ? [.. GraphNames.Regression, GraphNames.HeadMeans,
                GraphNames.HeadVariances] : GraphNames.Regression,
            var other => throw new InvalidInputException(
                $"Model '{manifest.ModelId}' is a {other.ToString().ToLowerInvariant()} model, which the simple API "
                    + $"cannot score (use /v2/models/{{name}}/infer)."),
        };
        return manifest.Calibration is null ? graph : [.. graph, .. CalibratedOutputs.Names];
    }

    public static IReadOnlyList<RowPrediction> ToPredictions(ScoreResult result, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(manifest);
        var predictions = manifest.Task == ModelTask.Regression ? Regression(result)
            : Classification(result, manifest.Classes);
        var quantiles = result.Find(CalibratedOutputs.EpistemicQuantile)?.AsFloats();
        var flags = result.Find(CalibratedOutputs.OutOfDistribution)?.Booleans;
        for (var r = 0; r < predictions.Length && quantiles is not null && flags is not null; r++)
        {
            predictions[r] = predictions[r] with { EpistemicQuantile = quantiles[r], OutOfDistribution = flags[r] };
        }

        return predictions;
    }

    private static RowPrediction[] Classification(ScoreResult result, IReadOnlyList<string>? classes)
    {
        var probabilities = result.Get(GraphNames.Probabilities).AsFloats();
        var labels = result.Get(GraphNames.Label).AsIntegers();
        var total = result.Get(GraphNames.Total).AsFloats();
        var aleatoric = result.Get(GraphNames.Aleatoric).AsFloats();
        var epistemic = result.Get(GraphNames.Epistemic).AsFloats();
        var heads = result.Find(GraphNames.HeadProbabilities);
        var classCount = probabilities.Length / result.Rows;
        var headCount = heads is null ? 0 : (int)heads.Shape[1];

        var predictions = new RowPrediction[result.Rows];
        for (var r = 0; r < result.Rows; r++)
        {
            var index = (int)labels[r];
            predictions[r] = new RowPrediction
            {
                Label = classes is not null && index < classes.Count ? classes[index] : index.ToString(
                    System.Globalization.CultureInfo.InvariantCulture),
                LabelIndex = index,
                Probabilities = probabilities.AsSpan(r * classCount, classCount).ToArray(),
                Total = total[r],
                Aleatoric = aleatoric[r],
                Epistemic = epistemic[r],
                Heads = heads is null ? null : HeadsOf(heads.AsFloats(), r, headCount, classCount),
            };
        }

        return predictions;
    }

    /// <summary>
    /// The predictive mean and the variances (target units²); heads, when asked for, are [mean, variance] each.
    /// </summary>
    private static RowPrediction[] Regression(ScoreResult result)
    {
        var mean = result.Get(GraphNames.Mean).AsFloats();
        var total = result.Get(GraphNames.Total).AsFloats();
        var aleatoric = result.Get(GraphNames.Aleatoric).AsFloats();
        var epistemic = result.Get(GraphNames.Epistemic).AsFloats();
        var headMeans = result.Find(GraphNames.HeadMeans)?.AsFloats();
        var headVariances = result.Find(GraphNames.HeadVariances)?.AsFloats();
        var headCount = headMeans is null ? 0 : headMeans.Length / result.Rows;

        var predictions = new RowPrediction[result.Rows];
        for (var r = 0; r < result.Rows; r++)
        {
            predictions[r] = new RowPrediction
            {
                Mean = mean[r],
                Total = total[r],
                Aleatoric = aleatoric[r],
                Epistemic = epistemic[r],
                Heads = headMeans is null || headVariances is null ? null
                    : [.. Enumerable.Range(0, headCount).Select(m => new[] { headMeans[(r * headCount) + m],
                    headVariances[(r * headCount) + m] })],
            };
        }

        return predictions;
    }

    private static float[][] HeadsOf(float[] data, int row, int heads, int classes) =>
        Enumerable.Range(0, heads).Select(m => data.AsSpan((row * heads + m) * classes, classes).ToArray()).ToArray();
}
