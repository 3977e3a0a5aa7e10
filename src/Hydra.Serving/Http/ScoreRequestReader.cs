using System.Text.Json;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// Reads <c>{"rows": [[…], …], "include_heads": false, "ood_quantile": 0.99}</c>: raw rows, each flat or nested to the
/// row shape; the optional level at which a calibrated model flags rows out of distribution.
/// </summary>
internal static class ScoreRequestReader
{
    public sealed record Parsed(InputBatch Batch, bool IncludeHeads, double? OodQuantile);

    /// <exception cref="InvalidInputException">Not an object with a rows array, or a row of the wrong
    /// width.</exception>
    public static Parsed Read(JsonElement root, ScoringModel model)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rows", out var rows)
            || rows.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException("The request must be a JSON object with a \"rows\" array of arrays.");
        }

        var includeHeads = false;
        if (root.TryGetProperty("include_heads", out var heads))
        {
            includeHeads = heads.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw new InvalidInputException("\"include_heads\" must be true or false."),
            };
        }

        var oodQuantile = OodQuantileOf(root, "ood_quantile");
        var batch = model.CreateBatch(rows.GetArrayLength());
        try
        {
            var index = 0;
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidInputException($"Row {index} must be an array of numbers.", index);
                }

                var before = batch.Count;
                try
                {
                    InferenceRequestReader.AppendAll(row, batch);
                }
                catch (InvalidInputException) when (batch.Count - before == model.RowLength)
                {
                    // A row longer than the model's: the batch overflowed into the next row's slot.
                    throw new InvalidInputException(
                        $"Row {index} has more than {model.RowLength} values; the model expects {model.RowLength}.",
                            index);
                }

                if (batch.Count - before != model.RowLength)
                {
                    throw new InvalidInputException(
                        $"Row {index} has {batch.Count - before} values; the model expects {model.RowLength}.", index);
                }

                index++;
            }

            return new Parsed(batch, includeHeads, oodQuantile);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The optional level in <paramref name="owner"/>.<paramref name="property"/>: a number, else null.
    /// </summary>
    /// <exception cref="InvalidInputException">The property is there but not a fraction strictly between 0 and
    /// 1.</exception>
    internal static double? OodQuantileOf(JsonElement owner, string property)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty(property, out var value)
            || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var level)
            && Hydra.Core.Calibration.ModelCalibration.IsValidLevel(level)
            ? level
            : throw new InvalidInputException(
                $"\"{property}\" must be a number strictly between 0 and 1 (e.g. 0.99), not {value.GetRawText()}.");
    }
}
