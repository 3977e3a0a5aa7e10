using Parquet;
using Parquet.Schema;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Writes a table (as any table file reads) to Parquet: numeric columns as nullable doubles, text columns as
/// nullable strings, in row groups of up to a million rows. For users whose tables are CSV, and for measuring how
/// Parquet loads.
/// </summary>
public static class ParquetTableWriter
{
    private const int RowGroupSize = 1 << 17;

    /// <summary>Converts <paramref name="input"/> (CSV/TSV, optionally gzip; an .npz; a 2-d .npy) to
    /// <paramref name="output"/>; returns the rows written.</summary>
    /// <exception cref="DatasetFormatException">The input cannot be read.</exception>
    public static int Convert(string input, string output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var table = TableReader.Read(input, new DataOptions(), target: null, needTarget: false);
        Task.Run(() => WriteAsync(table, output)).GetAwaiter().GetResult();
        return table.RowCount;
    }

    private static async Task WriteAsync(CsvColumns table, string output)
    {
        var fields = table.Columns.Select(c => c.IsText ? (DataField)new DataField<string>(c.Name)
            : new DataField<double?>(c.Name)).ToArray();
        await using var stream = File.Create(output);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream)
            .ConfigureAwait(false);
        for (var start = 0; start < table.RowCount; start += RowGroupSize)
        {
            var count = Math.Min(RowGroupSize, table.RowCount - start);
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < fields.Length; c++)
            {
                var column = table.Columns[c];
                if (column.IsText)
                {
                    var texts = Enumerable.Range(start, count).Select(column.Text).ToArray();
                    await group.WriteAsync(fields[c], texts).ConfigureAwait(false);
                }
                else
                {
                    var numbers = Enumerable.Range(start, count).Select(r => float.IsNaN(column.Number(r)) ? null
                        : (double?)column.Number(r)).ToArray();
                    await group.WriteAsync<double>(fields[c], numbers.AsMemory()).ConfigureAwait(false);
                }
            }
        }
    }
}
