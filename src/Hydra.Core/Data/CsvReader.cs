using System.Globalization;
using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Data;

/// <summary>
/// Reads delimited text files (comma, semicolon, tab or whitespace separated; gzip or plain) into all-numeric
/// datasets: one column is the target, every other numeric column is a feature, and columns with no numbers at all
/// (ids, names) are left out. User files with categorical columns, classes and missing cells go through
/// the tabular loader. Errors are <see cref="DatasetFormatException"/>s naming the file, the line and the
/// 1-based column.
/// </summary>
public static class CsvReader
{
    /// <summary>
    /// A regression dataset whose targets are the column named <paramref name="targetColumn"/> in the header or, when
    /// no header column has that name, the column at that zero-based index.
    /// </summary>
    public static Dataset Read(string path, string targetColumn, CsvOptions? options = null)
    {
        var table = ReadTable(path, options);
        return ReadRegression(table, ResolveColumn(table, targetColumn));
    }

    /// <summary>
    /// A regression dataset whose targets are the column at zero-based <paramref name="targetColumn"/>.
    /// </summary>
    public static Dataset Read(string path, int targetColumn, CsvOptions? options = null)
    {
        var table = ReadTable(path, options);
        return ReadRegression(table, CheckIndex(table, targetColumn));
    }

    /// <summary>
    /// A classification dataset whose labels come from the target column (by name or index, as for
    /// <see cref="Read(string, string, CsvOptions?)"/>): non-negative integers when every value is a number, else
    /// class names, numbered in ordinal order of the names.
    /// </summary>
    public static Dataset ReadClassification(string path, string targetColumn, CsvOptions? options = null)
    {
        var table = ReadTable(path, options);
        return ReadLabelled(table, ResolveColumn(table, targetColumn));
    }

    /// <summary>
    /// A classification dataset whose labels come from the column at zero-based <paramref name="targetColumn"/>.
    /// </summary>
    public static Dataset ReadClassification(string path, int targetColumn, CsvOptions? options = null)
    {
        var table = ReadTable(path, options);
        return ReadLabelled(table, CheckIndex(table, targetColumn));
    }

    /// <summary>
    /// Every numeric column of the file (text columns left out), for files that hold only features or only targets.
    /// </summary>
    public static CsvMatrix ReadMatrix(string path, CsvOptions? options = null)
    {
        var table = ReadTable(path, options);
        var columns = FeatureColumns(table, exclude: -1);
        var values = Gather(table, columns);
        return new CsvMatrix(values, table.RowCount, columns.Length, columns.Select(c => c.Name).ToArray());
    }

    /// <summary>The column named <paramref name="column"/>, else the one at that zero-based index.</summary>
    internal static int ResolveColumn(CsvColumns table, string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        if (table.Find(column) is { } byName)
        {
            return byName.Index;
        }

        if (int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return CheckIndex(table, index);
        }

        throw new DatasetFormatException(table.Path, table.Header is null
            ? $"target column '{column}' not found: the file has no header, so give a zero-based column index"
            : $"target column '{column}' not found; the columns are {string.Join(", ", table.Header)}");
    }

    /// <summary>The file name without its .gz and .csv (or other) extensions.</summary>
    internal static string DatasetName(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        name = Path.GetFileNameWithoutExtension(name);
        return string.IsNullOrWhiteSpace(name) ? "csv" : name;
    }

    private static CsvColumns ReadTable(string path, CsvOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return CsvColumnReader.Read(path, options ?? new CsvOptions());
    }

    private static Dataset ReadRegression(CsvColumns table, int target)
    {
        var features = FeatureColumns(table, target);
        var column = table.Columns[target];
        table.EnsureNotMixed(column);
        var targets = new float[table.RowCount];
        for (var row = 0; row < targets.Length; row++)
        {
            targets[row] = table.Number(row, column);
        }

        return new Dataset(DatasetName(table.Path), Gather(table, features), [features.Length], targets: targets);
    }

    private static Dataset ReadLabelled(CsvColumns table, int target)
    {
        var features = FeatureColumns(table, target);
        var column = table.Columns[target];
        table.EnsureNotMixed(column);
        var labels = new int[table.RowCount];
        string[]? classNames = null;
        if (!column.IsText)
        {
            for (var row = 0; row < labels.Length; row++)
            {
                var value = table.Number(row, column);
                if (value < 0 || value != MathF.Floor(value) || value > int.MaxValue / 2)
                {
                    throw table.Error(row, target,
                        $"label {value.ToString(CultureInfo.InvariantCulture)} is not a non-negative integer");
                }

                labels[row] = (int)value;
            }
        }
        else
        {
            classNames = [.. column.Values.Order(StringComparer.Ordinal)];
            for (var row = 0; row < labels.Length; row++)
            {
                var name = column.Text(row) ?? throw table.Error(row, target,
                    CsvColumns.MissingProblem(column.FirstMissing?.Text ?? ""));
                labels[row] = Array.BinarySearch(classNames, name, StringComparer.Ordinal);
            }
        }

        return new Dataset(DatasetName(table.Path), Gather(table, features), [features.Length], labels,
            classNames: classNames);
    }

    /// <summary>The columns other than <paramref name="exclude"/> that hold at least one number.</summary>
    private static CsvColumn[] FeatureColumns(CsvColumns table, int exclude)
    {
        var columns = table.Columns.Where(c => c.Index != exclude && c.NumberCount > 0).ToArray();
        if (columns.Length == 0)
        {
            throw new DatasetFormatException(table.Path,
                exclude < 0 ? "no numeric columns"
                    : $"no numeric columns besides the target column {table.ColumnName(exclude)}");
        }

        foreach (var column in columns)
        {
            table.EnsureNotMixed(column);
        }

        return columns;
    }

    private static float[] Gather(CsvColumns table, CsvColumn[] columns)
    {
        var values = new float[table.RowCount * columns.Length];
        for (var row = 0; row < table.RowCount; row++)
        {
            for (var j = 0; j < columns.Length; j++)
            {
                values[(row * columns.Length) + j] = table.Number(row, columns[j]);
            }
        }

        return values;
    }

    private static int CheckIndex(CsvColumns table, int index)
    {
        if (index < 0 || index >= table.ColumnCount)
        {
            throw new DatasetFormatException(table.Path,
                $"target column index {index} is outside the file's {table.ColumnCount} columns (indices start at 0)");
        }

        return index;
    }
}
