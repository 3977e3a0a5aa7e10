namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a table's numeric columns again from its file, in row order and in chunks, so a loader can put the numbers
/// straight into its buffers rather than hold them twice (<see cref="CsvColumn.KeepsNumbers"/>): a delimited text
/// file is read again row by row, a Parquet file column chunk by column chunk.
/// </summary>
internal interface INumberSource
{
    /// <summary>
    /// Calls <paramref name="chunk"/> with consecutive runs of each column's numbers (NaN where a cell is missing),
    /// every row of every column exactly once.
    /// </summary>
    /// <exception cref="DatasetFormatException">A cell is not a number (the file changed since it was first read).
    /// </exception>
    void Read(IReadOnlyList<CsvColumn> columns, NumberChunk chunk);
}
