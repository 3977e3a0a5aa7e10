using System.Globalization;
using System.Text;
using ParquetSharp;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a Parquet file (ParquetSharp, Apache Arrow's C++ reader) into the same columns a CSV becomes: numbers as
/// floats (a null or NaN is a missing cell), strings and booleans as text values, row group by row group, decoded in
/// batches into buffers of our own (<see cref="ParquetBatches"/>). A field a table cannot hold (a list, struct or map;
/// binary; a date or time) is kept as an unsupported column without values: an error naming it if it is used, and
/// nothing if it is left out.
/// </summary>
internal static class ParquetColumnReader
{
    public static bool IsParquet(string path) =>
        Path.GetExtension(path).Equals(".parquet", StringComparison.OrdinalIgnoreCase)
        || Path.GetExtension(path).Equals(".pq", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="DatasetNotFoundException">No such file.</exception>
    /// <exception cref="DatasetFormatException">Not a Parquet file, no rows, or text that is not UTF-8.</exception>
    /// <param name="keepNumbers">Which columns (by the schema's names and index) hold their numbers; all when null,
    /// and the others are read again by the table's <see cref="CsvColumns.Numbers"/>.</param>
    public static CsvColumns Read(string path, Func<IReadOnlyList<string>, int, bool>? keepNumbers = null)
    {
        if (!File.Exists(path))
        {
            throw new DatasetNotFoundException($"Data file '{path}' does not exist.");
        }

        var table = Guarded(path, () => ReadColumns(path, keepNumbers));
        return keepNumbers is null ? table : table.WithNumbers(new ParquetNumberSource(path));
    }

    /// <summary>Runs a read, turning what the Parquet reader throws on a bad file into a
    /// <see cref="DatasetFormatException"/>.</summary>
    public static T Guarded<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ParquetException or IOException or OverflowException)
        {
            // Arrow's messages can run to several lines (a C++ source location after the reason): the first says it.
            var reason = e.Message.Split('\n', 2)[0].Trim();
            throw new DatasetFormatException(path, $"not a readable Parquet file: {reason}", e);
        }
    }

    /// <summary>
    /// Opens a file for reading with the system allocator (Arrow's default here, mimalloc, kept about 17 MB more
    /// resident through a load of a 120 MB file: 1.65x the tensors against 1.46x) and column chunks read through a
    /// buffer rather than whole.
    /// </summary>
    public static ParquetFileReader Open(string path)
    {
        using var properties = ReaderProperties.WithMemoryPool(MemoryPool.SystemMemoryPool());
        properties.EnableBufferedStream();
        return new ParquetFileReader(path, properties);
    }

    private static CsvColumns ReadColumns(string path, Func<IReadOnlyList<string>, int, bool>? keepNumbers)
    {
        using var file = Open(path);
        using var metadata = file.FileMetaData;
        var total = metadata.NumRows;
        if (total == 0)
        {
            throw new DatasetFormatException(path, "file has no rows");
        }

        if (total > Array.MaxLength)
        {
            throw new DatasetFormatException(path, string.Create(CultureInfo.InvariantCulture,
                $"{total} rows are more than one table holds"));
        }

        var fields = ParquetField.Of(metadata.Schema);
        var names = fields.Select(f => f.Name).ToArray();
        var columns = fields.Select((f, i) => new CsvColumn(i, f.Name)
        {
            Unsupported = f.Unsupported,
            KeepsNumbers = keepNumbers?.Invoke(names, i) ?? true,
        }).ToList();
        var batches = new ParquetBatches();
        for (var g = 0; g < metadata.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            for (var c = 0; c < fields.Count; c++)
            {
                if (fields[c].Unsupported is null)
                {
                    using var reader = group.Column(fields[c].Leaf);
                    ReadColumn(path, batches, reader, fields[c], columns[c]);
                }
            }
        }

        return new CsvColumns(path, names, columns, new RowNumbers((int)total)) { LineWord = "row" };
    }

    private static void ReadColumn(string path, ParquetBatches batches, ColumnReader reader, ParquetField field,
        CsvColumn column)
    {
        switch (field.Values)
        {
            case ParquetValues.Text:
                try
                {
                    batches.ReadTexts((ColumnReader<ByteArray>)reader, (_, text, present) =>
                    {
                        if (present)
                        {
                            column.AddText(text);
                        }
                        else
                        {
                            column.AddMissing("");
                        }
                    });
                }
                catch (DecoderFallbackException e)
                {
                    var row = column.Count + 1;
                    throw new DatasetFormatException(path, string.Create(CultureInfo.InvariantCulture,
                        $"row {row}, column {column.Index + 1} ({field.Name}): text that is not valid UTF-8"), e);
                }

                break;
            case ParquetValues.Boolean:
                batches.ReadNumbers(reader, (_, values, present) =>
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (present[i])
                        {
                            column.AddText(values[i] != 0 ? "true" : "false");
                        }
                        else
                        {
                            column.AddMissing("");
                        }
                    }
                });
                break;
            default:
                batches.ReadNumbers(reader, (_, values, present) =>
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (present[i])
                        {
                            Add(column, values[i]);
                        }
                        else
                        {
                            column.AddMissing("");
                        }
                    }
                });
                break;
        }
    }

    /// <summary>NaN is a missing cell; an infinity or a value beyond float is text, so the column fails as mixed.
    /// </summary>
    private static void Add(CsvColumn column, double value)
    {
        if (double.IsNaN(value))
        {
            column.AddMissing("NaN");
        }
        else if (!double.IsFinite(value) || Math.Abs(value) > float.MaxValue)
        {
            column.AddText(value.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            column.AddNumber((float)value);
        }
    }
}
