using System.Globalization;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// The trainer's side of the encoding: rows of a table read from a file become raw model rows by a schema
/// (imputation, then one-hot), in bulk and straight into one buffer. <see cref="TabularPreprocessor"/> does the same
/// for one row given by column name; a test holds the two to the same values.
/// </summary>
internal sealed class TableEncoder
{
    private readonly CsvColumns _table;
    private readonly TabularSchema _schema;
    private readonly CsvColumn[] _sources;
    private readonly Dictionary<string, int>[] _categoryIndex;

    /// <exception cref="DatasetFormatException">The table lacks a feature column.</exception>
    public TableEncoder(CsvColumns table, TabularSchema schema)
    {
        _table = table;
        _schema = schema;
        _sources = [.. schema.Columns.Select(c => table.Columns.FirstOrDefault(t => t.Name == c.Name)
            ?? throw new DatasetFormatException(table.Path, $"no column '{c.Name}'; the model's feature columns "
                + $"are {string.Join(", ", schema.FeatureNames)}"))];
        _categoryIndex = [.. schema.Columns.Select(c => (c.Categories ?? []).Select((v, i) => (v, i))
            .ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal))];
        for (var j = 0; j < _sources.Length; j++)
        {
            if (schema.Columns[j].Kind != ColumnKind.Categorical)
            {
                table.EnsureNotMixed(_sources[j]);
            }
        }
    }

    public CsvColumns Table => _table;

    public TabularSchema Schema => _schema;

    /// <summary>The number of encoded values a row becomes.</summary>
    public int Width => _schema.Width;

    /// <summary>Categorical cells whose category was not among the training ones, by column.</summary>
    public Dictionary<string, int> Unseen { get; } = new(StringComparer.Ordinal);

    /// <summary>Fails on the first missing cell of a feature column in file order, when nothing imputes it.</summary>
    /// <exception cref="DatasetFormatException">A feature cell is missing.</exception>
    public void EnsureComplete()
    {
        if (_schema.Impute != ImputeStrategy.None)
        {
            return;
        }

        var gaps = _sources.Where(s => s.FirstMissing is not null).ToList();
        if (gaps.Count == 0)
        {
            return;
        }

        var first = gaps.MinBy(s => s.FirstMissing!.Value.Row)!;
        var (row, text) = first.FirstMissing!.Value;
        throw _table.Error(row, first.Index, $"{CsvColumns.MissingProblem(text)}; {gaps.Sum(s => s.MissingCount)} "
            + $"cells are missing in {string.Join(", ", gaps.Select(s => s.Name))}: fill them, leave the columns out "
            + "with --exclude, or give --impute mean|median|zero");
    }

    /// <summary>The rows at <paramref name="rows"/>, encoded, row-major.</summary>
    public float[] Encode(IReadOnlyList<int> rows)
    {
        var width = _schema.Width;
        var values = new float[rows.Count * width];
        for (var n = 0; n < rows.Count; n++)
        {
            var at = n * width;
            for (var j = 0; j < _sources.Length; j++)
            {
                var column = _schema.Columns[j];
                if (column.Kind == ColumnKind.Categorical)
                {
                    EncodeCategory(j, rows[n], values.AsSpan(at, column.Width));
                }
                else
                {
                    values[at] = Number(j, rows[n]);
                }

                at += column.Width;
            }
        }

        return values;
    }

    private float Number(int j, int row)
    {
        var source = _sources[j];
        var value = source.IsText ? ParseText(source, row) : source.Number(row);
        return float.IsNaN(value)
            ? _schema.Columns[j].Fill ?? _table.Number(row, source)
            : value;
    }

    /// <summary>A number from a column read as text (another file's copy of a numeric column).</summary>
    private float ParseText(CsvColumn source, int row)
    {
        var text = source.Text(row);
        return text is null ? float.NaN
            : CsvColumn.TryParse(text, out var number) ? (float)number
            : throw _table.Error(row, source.Index, $"'{text}' is not a finite number");
    }

    private void EncodeCategory(int j, int row, Span<float> oneHot)
    {
        var column = _schema.Columns[j];
        var text = _sources[j].Text(row) ?? column.FillCategory;
        if (text is null)
        {
            if (_schema.Impute == ImputeStrategy.None)
            {
                throw _table.Error(row, _sources[j].Index, CsvColumns.MissingProblem(""));
            }

            return;
        }

        if (_categoryIndex[j].TryGetValue(text, out var index))
        {
            oneHot[index] = 1f;
        }
        else
        {
            Unseen[column.Name] = Unseen.TryGetValue(column.Name, out var count) ? count + 1 : 1;
        }
    }

    /// <summary>A line for the person running about unseen categories, or null when there were none.</summary>
    public string? UnseenNote(string what) => Unseen.Count == 0 ? null
        : string.Create(CultureInfo.InvariantCulture, $"{what}: {Unseen.Values.Sum()} categorical cells hold a ")
            + "category not seen in training, encoded as all zeros ("
            + string.Join(", ", Unseen.Select(u => $"{u.Key}: {u.Value}")) + ")";
}
