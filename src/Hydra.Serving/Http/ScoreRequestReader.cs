using System.Text.Json;
using Hydra.Core.Data.Tabular;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// Reads <c>{"rows": [[…], …], "include_heads": false, "ood_quantile": 0.99}</c>: raw rows, each flat or nested to the
/// row shape, or, for a model trained on a table, objects by column name (<c>{"age": 61, "clinic": "north"}</c>) that
/// the card's column schema imputes and one-hot encodes; the optional level at which a calibrated model flags rows out
/// of distribution.
/// </summary>
internal static class ScoreRequestReader
{
    /// <param name="UnseenCategories">Per row given by name: the columns whose category the model never saw in
    /// training (encoded as all zeros); null when no row was given by name.</param>
    public sealed record Parsed(InputBatch Batch, bool IncludeHeads, double? OodQuantile,
        IReadOnlyList<IReadOnlyList<string>>? UnseenCategories = null);

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
            NamedRows? named = null;
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind == JsonValueKind.Object)
                {
                    named ??= new NamedRows(model, batch.Rows);
                    named.Append(row, index, batch);
                    index++;
                    continue;
                }

                if (row.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidInputException(model.Manifest.Input.Columns is null
                        ? $"Row {index} must be an array of numbers."
                        : $"Row {index} must be an array of numbers or an object by column name.", index);
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

            return new Parsed(batch, includeHeads, oodQuantile, named?.Unseen);
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

    /// <summary>
    /// Rows by column name: each encoded by the model's column schema into one raw row (imputed, one-hot), which the
    /// batch then normalises like any raw row, so every step happens once and in the trainer's order.
    /// </summary>
    private sealed class NamedRows(ScoringModel model, int rows)
    {
        private readonly float[] _raw = new float[model.RowLength];
        private readonly List<string>[] _unseen = [.. Enumerable.Range(0, rows).Select(_ => new List<string>())];

        public IReadOnlyList<IReadOnlyList<string>> Unseen => _unseen;

        public void Append(JsonElement row, int index, InputBatch batch)
        {
            var schema = model.Manifest.Input.Columns ?? throw new InvalidInputException(
                $"Row {index} is an object, but model '{model.Manifest.ModelId}' was not trained on a table with named "
                    + $"columns: send each row as an array of {model.RowLength} numbers.", index);
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in row.EnumerateObject())
            {
                if (!values.TryAdd(property.Name, property.Value))
                {
                    throw new InvalidInputException($"Row {index} names column '{property.Name}' twice.", index,
                        columnName: property.Name);
                }
            }

            try
            {
                TabularPreprocessor.EncodeRaw(schema, values, _raw, _unseen[index]);
            }
            catch (InvalidColumnException e)
            {
                throw new InvalidInputException($"Row {index}: {e.Message}", index, innerException: e,
                    columnName: e.Column);
            }

            batch.AppendRow(_raw);
        }
    }
}
