using Parquet;
using Parquet.Schema;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Writes a table (as any table file reads) to Parquet: numeric columns as nullable doubles, text columns as
/// nullable strings, in row groups of <see cref="DefaultRowGroupRows"/> rows unless told. For users whose tables are
/// CSV, and for measuring how Parquet loads.
/// </summary>
public static class ParquetTableWriter
{
    /// <summary>Rows per row group unless told: 131,072.</summary>
    public const int DefaultRowGroupRows = 1 << 17;

    /// <summary>Converts <paramref name="input"/> (CSV/TSV, optionally gzip; an .npz; a 2-d .npy) to
    /// <paramref name="output"/>; returns the rows written.</summary>
    /// <exception cref="DatasetFormatException">The input cannot be read.</exception>
    /// <param name="rowGroupRows">Rows per row group (the last one holds the rest).</param>
    public static int Convert(string input, string output, int rowGroupRows = DefaultRowGroupRows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        var table = TableReader.Read(input, new DataOptions(), target: null, needTarget: false);
        Task.Run(() => WriteAsync(table, output, rowGroupRows)).GetAwaiter().GetResult();
        return table.RowCount;
    }

    private static async Task WriteAsync(CsvColumns table, string output, int rowGroupRows)
    {
        var fields = table.Columns.Select(c => c.IsText ? (DataField)new DataField<string>(c.Name)
            : new DataField<double?>(c.Name)).ToArray();
        await using var stream = File.Create(output);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream)
            .ConfigureAwait(false);
        for (var start = 0; start < table.RowCount; start += rowGroupRows)
        {
            var count = Math.Min(rowGroupRows, table.RowCount - start);
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
