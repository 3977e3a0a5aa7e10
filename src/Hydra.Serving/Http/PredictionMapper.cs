using Hydra.Core.Models;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>Turns a classification graph's output tensors into one <see cref="RowPrediction"/> per row.</summary>
public static class PredictionMapper
{
    /// <summary>The outputs the simple API needs from a classification graph.</summary>
    public static IReadOnlyList<string> OutputsFor(ModelManifest manifest, bool includeHeads)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Task != ModelTask.Classification)
        {
            throw new InvalidInputException($"Model '{manifest.ModelId}' is a {manifest.Task.ToString().ToLowerInvariant()} model; the simple API scores classification models so far (use /v2/models/{{name}}/infer).");
        }

        return includeHeads ? [.. GraphNames.Classification, GraphNames.HeadProbabilities] : GraphNames.Classification;
    }

    public static IReadOnlyList<RowPrediction> ToPredictions(ScoreResult result, IReadOnlyList<string>? classes)
    {
        ArgumentNullException.ThrowIfNull(result);
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
                Label = classes is not null && index < classes.Count ? classes[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    private static float[][] HeadsOf(float[] data, int row, int heads, int classes) =>
        Enumerable.Range(0, heads).Select(m => data.AsSpan((row * heads + m) * classes, classes).ToArray()).ToArray();
}
