using System.Globalization;
using System.Text;

namespace Hydra.Core.Data;

/// <summary>
/// The fields of a delimited text file, split but not yet converted: an optional header and rows that all have the same
/// number of fields, each row remembering its line number for error messages.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string path, string[]? header, List<string[]> rows, List<int> lines)
    {
        Path = path;
        Header = header;
        Rows = rows;
        Lines = lines;
        ColumnCount = header?.Length ?? rows[0].Length;
    }

    public string Path { get; }

    public string[]? Header { get; }

    public List<string[]> Rows { get; }

    /// <summary>The 1-based line of each row in the file.</summary>
    public List<int> Lines { get; }

    public int ColumnCount { get; }

    /// <summary>Reads and splits a file (gzip or plain, recognised by its magic bytes).</summary>
    public static CsvTable Read(string path, CsvOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.SkipLines, nameof(options));
        var text = Encoding.UTF8.GetString(GzipContent.ReadFile(path).Span).TrimStart('\uFEFF');

        string[]? header = null;
        var rows = new List<string[]>();
        var lines = new List<int>();
        char? separator = options.Separator;
        var lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (lineNumber <= options.SkipLines || line.IsWhiteSpace())
            {
                continue;
            }

            separator ??= DetectSeparator(line);
            var fields = Split(path, lineNumber, line, separator.Value);
            if (header is null && rows.Count == 0 && (options.HasHeader ?? !fields.Any(IsNumber)))
            {
                header = fields;
                continue;
            }

            var expected = header?.Length ?? (rows.Count > 0 ? rows[0].Length : fields.Length);
            if (fields.Length != expected)
            {
                throw new DatasetFormatException(path,
                    $"line {lineNumber}: {fields.Length} fields, but the {(header is null ? "first row" : "header")} "
                        + $"has {expected}");
            }

            rows.Add(fields);
            lines.Add(lineNumber);
        }

        if (rows.Count == 0)
        {
            throw new DatasetFormatException(path, header is null ? "file has no rows"
                : "file has a header but no data rows");
        }

        return new CsvTable(path, header, rows, lines);
    }

    /// <summary>The column's name in the header, else "column" and its 1-based position.</summary>
    public string ColumnName(int column) => Header?[column] ?? $"column{column + 1}";

    /// <summary>Whether every value in the column parses as a number.</summary>
    public bool IsNumericColumn(int column) => Rows.TrueForAll(row => IsNumber(row[column]));

    /// <summary>Whether no value in the column parses as a number (a text column such as an id or a name).</summary>
    public bool IsTextColumn(int column) => !Rows.Exists(row => IsNumber(row[column]));

    /// <summary>The value at a row and column as a finite number, or an error naming the line and column.</summary>
    public float Number(int row, int column)
    {
        var field = Rows[row][column];
        if (!TryParse(field, out var value))
        {
            throw new DatasetFormatException(Path,
                $"line {Lines[row]}, column {column + 1} ({ColumnName(column)}): '{field}' is not a finite number");
        }

        return (float)value;
    }

    public DatasetFormatException Error(int row, int column, string problem) =>
        new(Path, $"line {Lines[row]}, column {column + 1} ({ColumnName(column)}): {problem}");

    private static bool IsNumber(string field) => TryParse(field, out _);

    private static bool TryParse(string field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static char DetectSeparator(ReadOnlySpan<char> line) =>
        line.Contains(';') ? ';' : line.Contains(',') ? ',' : line.Contains('\t') ? '\t' : CsvOptions.Whitespace;

    private static string[] Split(string path, int lineNumber, ReadOnlySpan<char> line, char separator)
    {
        if (separator == CsvOptions.Whitespace)
        {
            return line.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            while (i < line.Length && line[i] is ' ' or '\t' && line[i] != separator)
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                i = ReadQuoted(path, lineNumber, line, i + 1, field);
                while (i < line.Length && line[i] != separator)
                {
                    if (!char.IsWhiteSpace(line[i]))
                    {
                        throw new DatasetFormatException(path,
                            $"line {lineNumber}: text after the closing quote of field {fields.Count + 1}");
                    }

                    i++;
                }
            }
            else
            {
                var end = line[i..].IndexOf(separator);
                var raw = end < 0 ? line[i..] : line.Slice(i, end);
                field.Append(raw.Trim());
                i = end < 0 ? line.Length : i + end;
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return [.. fields];
            }

            i++; // past the separator
        }
    }

    /// <summary>
    /// Reads a quoted field from just after its opening quote ("" stands for one quote); returns the index after the
    /// closing quote.
    /// </summary>
    private static int ReadQuoted(string path, int lineNumber, ReadOnlySpan<char> line, int start, StringBuilder field)
    {
        for (var i = start; i < line.Length; i++)
        {
            if (line[i] != '"')
            {
                field.Append(line[i]);
            }
            else if (i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else
            {
                return i + 1;
            }
        }

        throw new DatasetFormatException(path,
            $"line {lineNumber}: a quoted field is not closed (fields cannot span lines)");
    }
}
