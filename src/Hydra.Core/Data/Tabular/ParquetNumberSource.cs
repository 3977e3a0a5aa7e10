namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a Parquet file's numeric columns a second time, column chunk by column chunk (a row group's values of one
/// column) in batches, as floats: what a table whose columns did not keep their numbers needs to fill its buffers.
/// </summary>
internal sealed class ParquetNumberSource(string path) : INumberSource
{
    public void Read(IReadOnlyList<CsvColumn> columns, NumberChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(chunk);
        ParquetColumnReader.Guarded(path, () =>
        {
            ReadColumns(columns, chunk);
            return true;
        });
    }

    private void ReadColumns(IReadOnlyList<CsvColumn> columns, NumberChunk chunk)
    {
        using var file = ParquetColumnReader.Open(path);
        using var metadata = file.FileMetaData;
        var fields = ParquetField.Of(metadata.Schema);
        var batches = new ParquetBatches();
        var floats = new float[ParquetBatches.Size];
        var first = 0;
        for (var g = 0; g < metadata.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var rows = checked((int)group.MetaData.NumRows);
            for (var k = 0; k < columns.Count; k++)
            {
                var field = fields[columns[k].Index];
                var column = k;
                var start = first;
                if (field.Values is ParquetValues.Number)
                {
                    using (var reader = group.Column(field.Leaf))
                    {
                        batches.ReadNumbers(reader, (offset, values, _) =>
                        {
                            // A null is NaN already; a NaN stays one (a missing cell).
                            for (var i = 0; i < values.Length; i++)
                            {
                                floats[i] = (float)values[i];
                            }

                            chunk(column, start + offset, floats.AsSpan(0, values.Length));
                        });
                    }

                    // The reader's page buffers are free now: give them back before the next chunk.
                    NativeHeap.Trim();
                }
                else
                {
                    // A text or boolean column is read here only when it held no value at all: all missing.
                    floats.AsSpan().Fill(float.NaN);
                    for (var offset = 0; offset < rows; offset += floats.Length)
                    {
                        chunk(column, start + offset, floats.AsSpan(0, Math.Min(floats.Length, rows - offset)));
                    }
                }
            }

            first += rows;
        }
    }
}
