namespace Hydra.Core.Data.Tabular;

/// <summary>
/// A run of one column's numbers: <paramref name="values"/> are the rows from <paramref name="firstRow"/> on of the
/// column at <paramref name="column"/> in the list asked for.
/// </summary>
internal delegate void NumberChunk(int column, int firstRow, ReadOnlySpan<float> values);
