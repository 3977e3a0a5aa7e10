using nietras.SeparatedValues;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// One row of a delimited text file as it is read, without copying its fields: Sep's row, or the words of a line
/// split on whitespace. A field is trimmed and, when quoted, unquoted ("" stands for one quote).
/// </summary>
internal readonly ref struct CsvRow
{
    private readonly SepReader.Row _row;
    private readonly string[]? _words;
    private readonly string _path;

    public CsvRow(string path, int line, SepReader.Row row)
    {
        _path = path;
        Line = line;
        _row = row;
    }

    public CsvRow(string path, int line, string[] words)
    {
        (_path, Line, _words) = (path, line, words);
    }

    /// <summary>The 1-based line the row starts on.</summary>
    public int Line { get; }

    public int Count => _words?.Length ?? _row.ColCount;

    /// <exception cref="DatasetFormatException">A quoted field that is not closed.</exception>
    public ReadOnlySpan<char> this[int column]
    {
        get
        {
            var field = _words is not null ? _words[column].AsSpan() : _row[column].Span.Trim();
            if (field.IsEmpty || field[0] != '"')
            {
                return field;
            }

            if (field.Length < 2 || field[^1] != '"')
            {
                throw new DatasetFormatException(_path, $"line {Line}, column {column + 1}: a quoted field is not "
                    + "closed, or has text after its closing quote");
            }

            var inner = field[1..^1];
            return inner.Contains("\"\"", StringComparison.Ordinal)
                ? inner.ToString().Replace("\"\"", "\"", StringComparison.Ordinal)
                : inner;
        }
    }

    /// <summary>Whether the row is blank (a line of nothing but whitespace), which readers skip.</summary>
    public bool IsBlank => _words is null ? _row.ColCount == 1 && _row[0].Span.IsWhiteSpace() : _words.Length == 0;
}
