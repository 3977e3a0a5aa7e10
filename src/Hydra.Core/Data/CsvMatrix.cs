namespace Hydra.Core.Data;

/// <summary>
/// The numeric columns of a delimited text file as a row-major <see cref="Rows"/> × <see cref="Columns"/> matrix, with
/// their names (from the header, else "column1", "column2", … by position in the file, counting from 1).
/// </summary>
public sealed record CsvMatrix(float[] Values, int Rows, int Columns, IReadOnlyList<string> ColumnNames);
