using System.Diagnostics;
using Hydra.Serving.Http;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Files;

/// <summary>
/// Scores a file's rows in chunks of the scorer's batch bound; errors name the row's place in the file.
/// </summary>
public static class BatchScorer
{
    /// <param name="scored">Called after each chunk with its result and how long it took (telemetry).</param>
    public static ScoreResponse Score(ScoringModel model, IReadOnlyList<float[]> rows, int chunkRows,
        bool includeHeads = false, double? oodQuantile = null, Action<ScoreResult, TimeSpan>? scored = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        var outputs = PredictionMapper.OutputsFor(model.Manifest, includeHeads);
        var predictions = new List<RowPrediction>(rows.Count);
        OodCriterion? criterion = null;
        for (var start = 0; start < rows.Count; start += chunkRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = rows.Skip(start).Take(chunkRows).ToList();
            try
            {
                var started = Stopwatch.GetTimestamp();
                var result = model.Score(chunk, outputs, oodQuantile, cancellationToken);
                scored?.Invoke(result, Stopwatch.GetElapsedTime(started));
                predictions.AddRange(PredictionMapper.ToPredictions(result, model.Manifest));
                criterion = OodCriterion.Of(result, model.Manifest);
            }
            catch (InvalidInputException ex) when (ex.Row is { } row)
            {
                throw new InvalidInputException(ex.Message.Replace($"Row {row}", $"Row {row + start}",
                    StringComparison.Ordinal), row + start, ex.Column, ex);
            }
        }

        return new ScoreResponse(model.Manifest.ModelId, model.Version.OnnxSha256, predictions, criterion);
    }
}
