namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a delimited text file's numeric columns a second time, row by row, handing them on in blocks of rows: what
/// a table whose columns did not keep their numbers needs to fill its buffers.
/// </summary>
internal sealed class CsvNumberSource(string path, CsvOptions options, CsvColumns table) : INumberSource
{
    private const int BlockRows = 4096;

    public void Read(IReadOnlyList<CsvColumn> columns, NumberChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(chunk);
        var block = new float[columns.Count * BlockRows];
        var skipHeader = table.Header is not null;
        var (row, filled) = (0, 0);
        CsvColumnReader.ForEachRow(path, options, fields =>
        {
            if (skipHeader)
            {
                skipHeader = false;
                return;
            }

            if (row >= table.RowCount || fields.Count != table.ColumnCount)
            {
                throw Changed(fields.Line);
            }

            for (var k = 0; k < columns.Count; k++)
            {
                block[(k * BlockRows) + filled] = Parse(fields, columns[k]);
            }

            row++;
            if (++filled == BlockRows)
            {
                Flush(columns.Count, block, row - filled, filled, chunk);
                filled = 0;
            }
        });
        Flush(columns.Count, block, row - filled, filled, chunk);
        if (row != table.RowCount)
        {
            throw Changed(table.Lines[^1]);
        }
    }

    private static void Flush(int columns, float[] block, int firstRow, int rows, NumberChunk chunk)
    {
        for (var k = 0; k < columns && rows > 0; k++)
        {
            chunk(k, firstRow, block.AsSpan(k * BlockRows, rows));
        }
    }

    private float Parse(CsvRow fields, CsvColumn column)
    {
        var field = fields[column.Index];
        if (CsvColumn.IsMissing(field))
        {
            return float.NaN;
        }

        return CsvColumn.TryParse(field, out var number) ? (float)number
            : throw new DatasetFormatException(path, $"line {fields.Line}, column {column.Index + 1} ({column.Name}): "
                + $"'{field}' is not a finite number (the file changed while it was read)");
    }

    private DatasetFormatException Changed(int line) =>
        new(path, $"line {line}: the file changed while it was read; read it again");
}
