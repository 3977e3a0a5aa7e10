namespace Hydra.Core.Data.Tabular;

/// <summary>
/// A delimited text file read column by column: an optional header, the columns, and each row's 1-based line in the
/// file for error messages.
/// </summary>
internal sealed class CsvColumns(string path, string[]? header, IReadOnlyList<CsvColumn> columns,
    IReadOnlyList<int> lines)
{
    /// <summary>What <see cref="Lines"/> count in error messages: "line" for text files, "row" for Parquet.</summary>
    public string LineWord { get; init; } = "line";

    /// <summary>
    /// The shape of a row of features when the table came from an array with more than two dimensions (images in an
    /// NPZ), else null (a row is a vector).
    /// </summary>
    public int[]? RowShape { get; init; }

    public string Path { get; } = path;

    /// <summary>Reads the numbers of the columns that do not keep them again from the file (null: all keep them).
    /// </summary>
    public INumberSource? Numbers { get; private init; }

    public string[]? Header { get; } = header;

    public IReadOnlyList<CsvColumn> Columns { get; } = columns;

    /// <summary>The 1-based line of each row in the file.</summary>
    public IReadOnlyList<int> Lines { get; } = lines;

    public int RowCount => Lines.Count;

    public int ColumnCount => Columns.Count;

    /// <summary>This table, its numbers read again by <paramref name="numbers"/> where a column does not keep them.
    /// </summary>
    public CsvColumns WithNumbers(INumberSource numbers) => new(Path, Header, Columns, Lines)
    {
        LineWord = LineWord,
        RowShape = RowShape,
        Numbers = numbers,
    };

    /// <summary>The column's name in the header, else "column" and its 1-based position.</summary>
    public string ColumnName(int column) => Header?[column] ?? $"column{column + 1}";

    /// <summary>The column named <paramref name="name"/> in the header, or null.</summary>
    public CsvColumn? Find(string name) =>
        Header is { } h && Array.IndexOf(h, name) is >= 0 and var index ? Columns[index] : null;

    public DatasetFormatException Error(int row, int column, string problem) =>
        new(Path, $"{LineWord} {Lines[row]}, column {column + 1} ({ColumnName(column)}): {problem}");

    /// <summary>The numbers of a numeric column, or an error naming the first cell that is not one.</summary>
    public float Number(int row, CsvColumn column)
    {
        var value = column.IsText ? float.NaN : column.Number(row);
        if (!float.IsNaN(value))
        {
            return value;
        }

        var text = column.Text(row) ?? FirstMissingText(row, column);
        throw Error(row, column.Index, column.Text(row) is null ? MissingProblem(text)
            : $"'{text}' is not a finite number");
    }

    /// <summary>
    /// Fails for a column that mixes numbers and text, naming the first cell of the minority sort when it is used.
    /// </summary>
    public void EnsureNotMixed(CsvColumn column)
    {
        if (column.Unsupported is { } why)
        {
            throw new DatasetFormatException(Path, $"column {column.Index + 1} ({column.Name}) is {why}, which cannot "
                + $"be a feature or a label: leave it out with --exclude {column.Name}");
        }

        if (column.Kind != ColumnKind.Mixed)
        {
            return;
        }

        if (!column.IsText)
        {
            var (row, text) = column.FirstText!.Value;
            throw Error(row, column.Index, $"'{text}' is not a finite number");
        }

        var (numberRow, number) = column.FirstNumber!.Value;
        var (textRow, first) = column.FirstText!.Value;
        throw Error(numberRow, column.Index, $"'{number}' is a number, but {LineWord} {Lines[textRow]} holds the text "
            + $"'{first}': fix the cell, or leave the column out with --exclude");
    }

    public static string MissingProblem(string text) => text.Length == 0
        ? "missing value (an empty cell)"
        : $"missing value ('{text}')";

    private static string FirstMissingText(int row, CsvColumn column) =>
        column.FirstMissing is { } first && first.Row == row ? first.Text : "";
}
