using System.Text.Json;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// Reads <c>{"rows": [[…], …], "include_heads": false}</c>: raw rows, each flat or nested to the row shape.
/// </summary>
internal static class ScoreRequestReader
{
    public sealed record Parsed(InputBatch Batch, bool IncludeHeads);

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

            return new Parsed(batch, includeHeads);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }
}
