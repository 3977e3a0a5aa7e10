using Hydra.Core.Data.Tabular;
using Hydra.Serving.Scoring;
using nietras.SeparatedValues;

namespace Hydra.Serving.Files;

/// <summary>
/// Batch rows by column name: a CSV whose header names the model's columns (any order, extra columns the model ignores
/// allowed; quoted fields; ',' ';' or tab), or JSON objects, each encoded by the model's schema into one raw row
/// (imputation, then one-hot) that the batch then normalises, exactly as the JSON route encodes a named row.
/// </summary>
internal static class NamedCsvRows
{
    /// <summary>
    /// Whether a CSV is read by name: the model has a schema and the header names one of its columns, unless the
    /// header is the model's encoded names ("clinic=north", …), which are raw rows in order.
    /// </summary>
    public static bool IsNamed(string text, TabularSchema? schema)
    {
        if (schema is null || text.Trim().Length == 0)
        {
            return false;
        }

        using var reader = Open(text);
        var header = reader.Header.ColNames;
        return header.Intersect(schema.FeatureNames, StringComparer.Ordinal).Any()
            && !(header.SequenceEqual(schema.EncodedNames, StringComparer.Ordinal)
                && schema.Columns.Any(c => c.Kind == ColumnKind.Categorical));
    }

    /// <exception cref="InvalidInputException">A missing, unknown or repeated column, or a value of the wrong type,
    /// naming the line and the column.</exception>
    public static List<float[]> Read(string text, TabularSchema schema)
    {
        var rows = new List<float[]>();
        using var reader = Open(text);
        var names = reader.Header.ColNames;
        var repeated = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new InvalidInputException($"CSV header names column '{repeated.Key}' twice.",
                columnName: repeated.Key);
        }

        foreach (var row in reader)
        {
            if (row.ColCount != names.Count)
            {
                throw new InvalidInputException($"CSV line {row.LineNumberFrom}: {row.ColCount} fields, but the "
                    + $"header has {names.Count}.", rows.Count);
            }

            var cells = new (string, object?)[names.Count];
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = (names[c], row[c].ToString());
            }

            rows.Add(Encode(schema, cells, rows.Count, $"CSV line {row.LineNumberFrom}"));
        }

        return rows;
    }

    /// <summary>One named row encoded by <paramref name="schema"/>; <paramref name="where"/> starts its errors.
    /// </summary>
    /// <exception cref="InvalidInputException">No schema, or a bad column.</exception>
    public static float[] Encode(TabularSchema? schema, IEnumerable<(string Name, object? Value)> cells, int index,
        string where)
    {
        if (schema is null)
        {
            throw new InvalidInputException($"{where} is an object, but the model was not trained on a table with "
                + "named columns: give each row as an array of numbers.", index);
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in cells)
        {
            if (!values.TryAdd(name, value))
            {
                throw new InvalidInputException($"{where} names column '{name}' twice.", index, columnName: name);
            }
        }

        var raw = new float[schema.Width];
        try
        {
            TabularPreprocessor.EncodeRaw(schema, values, raw);
        }
        catch (InvalidColumnException e)
        {
            throw new InvalidInputException($"{where}: {e.Message}", index, innerException: e, columnName: e.Column);
        }

        return raw;
    }

    private static SepReader Open(string text) =>
        Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true }).FromText(text);
}
