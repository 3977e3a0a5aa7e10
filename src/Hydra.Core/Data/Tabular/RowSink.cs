namespace Hydra.Core.Data.Tabular;

/// <summary>Collects split rows into columns: takes or detects the header and checks every row's field count.</summary>
internal sealed class RowSink(string path, bool? hasHeader, Func<IReadOnlyList<string>, int, bool>? keepNumbers)
{
    private readonly LineList _lines = new();
    private string[]? _header;
    private List<CsvColumn>? _columns;

    public string Path { get; } = path;

    public void Add(CsvRow row)
    {
        if (_columns is null)
        {
            var fields = new string[row.Count];
            for (var c = 0; c < fields.Length; c++)
            {
                fields[c] = row[c].ToString();
            }

            Start(row.Line, fields);
            if (_header is not null)
            {
                return;
            }
        }

        if (row.Count != _columns!.Count)
        {
            throw new DatasetFormatException(Path, $"line {row.Line}: {row.Count} fields, but the "
                + $"{(_header is null ? "first row" : "header")} has {_columns.Count}");
        }

        for (var c = 0; c < row.Count; c++)
        {
            _columns[c].Add(row[c]);
        }

        _lines.Add(row.Line);
    }

    public CsvColumns Finish()
    {
        if (_lines.Count == 0)
        {
            throw new DatasetFormatException(Path, _header is null ? "file has no rows"
                : "file has a header but no data rows");
        }

        return new CsvColumns(Path, _header, _columns!, _lines);
    }

    private void Start(int line, IReadOnlyList<string> fields)
    {
        if (hasHeader ?? !fields.Any(f => CsvColumn.TryParse(f, out _)))
        {
            _header = CheckHeader(line, fields);
        }

        var names = fields.Select((_, c) => _header?[c] ?? $"column{c + 1}").ToArray();
        _columns = [.. names.Select((name, c) => new CsvColumn(c, name) { KeepsNumbers = keepNumbers?.Invoke(names, c)
            ?? true })];
    }

    /// <summary>
    /// The header's names; an empty one (as pandas writes above its index) becomes "column" and its position.
    /// </summary>
    private string[] CheckHeader(int line, IReadOnlyList<string> fields)
    {
        var names = fields.Select((f, c) => f.Length == 0 ? $"column{c + 1}" : f).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < names.Length; c++)
        {
            if (!seen.TryAdd(names[c], c))
            {
                throw new DatasetFormatException(Path, $"line {line}: the header names '{names[c]}' twice (columns "
                    + $"{seen[names[c]] + 1} and {c + 1}); column names must be unique");
            }
        }

        return names;
    }
}
