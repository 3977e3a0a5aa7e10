using System.Globalization;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// The trainer's side of the encoding: rows of a table read from a file become raw model rows by a schema
/// (imputation, then one-hot), in bulk and straight into one buffer. <see cref="TabularPreprocessor"/> does the same
/// for one row given by column name; a test holds the two to the same values. Numbers that the table did not keep
/// are read again from its file straight into place, so a split's buffer is the only copy of its rows.
/// </summary>
internal sealed class TableEncoder
{
    private readonly CsvColumns _table;
    private TabularSchema _schema;
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

    /// <summary>
    /// The rows of each of <paramref name="splits"/>, encoded, row-major, a buffer per split. Fill values that the
    /// schema asks for but the table could not fit (numbers it did not keep) are fitted here on the first split, the
    /// training rows, and <see cref="Schema"/> then holds them.
    /// </summary>
    public float[][] Encode(IReadOnlyList<IReadOnlyList<int>> splits)
    {
        var width = _schema.Width;
        var buffers = splits.Select(s => new float[checked(s.Count * width)]).ToArray();
        var offsets = new int[_sources.Length];
        for (var j = 1; j < offsets.Length; j++)
        {
            offsets[j] = offsets[j - 1] + _schema.Columns[j - 1].Width;
        }

        for (var s = 0; s < splits.Count; s++)
        {
            var rows = splits[s];
            for (var n = 0; n < rows.Count; n++)
            {
                EncodeHeld(rows[n], buffers[s].AsSpan(n * width, width), offsets);
            }
        }

        var deferred = Enumerable.Range(0, _sources.Length).Where(j => _sources[j].IsDeferred).ToArray();
        if (deferred.Length > 0)
        {
            ReadDeferred(splits, buffers, deferred, offsets);
            foreach (var j in deferred)
            {
                FillMissing(buffers, j, offsets[j]);
            }
        }

        return buffers;
    }

    /// <summary>The cells of a row that the table holds (categories, and numbers it kept).</summary>
    private void EncodeHeld(int row, Span<float> values, int[] offsets)
    {
        for (var j = 0; j < _sources.Length; j++)
        {
            var column = _schema.Columns[j];
            if (column.Kind == ColumnKind.Categorical)
            {
                EncodeCategory(j, row, values.Slice(offsets[j], column.Width));
            }
            else if (!_sources[j].IsDeferred)
            {
                values[offsets[j]] = Number(j, row);
            }
        }
    }

    /// <summary>The deferred columns' numbers, read again from the file, each put where its row went.</summary>
    private void ReadDeferred(IReadOnlyList<IReadOnlyList<int>> splits, float[][] buffers, int[] deferred,
        int[] offsets)
    {
        var numbers = _table.Numbers ?? throw new InvalidOperationException(
            $"{_table.Path}: columns hold no numbers and the table cannot read them again.");
        var split = new sbyte[_table.RowCount];
        var position = new int[_table.RowCount];
        split.AsSpan().Fill(-1);
        for (var s = 0; s < splits.Count; s++)
        {
            for (var n = 0; n < splits[s].Count; n++)
            {
                (split[splits[s][n]], position[splits[s][n]]) = ((sbyte)s, n);
            }
        }

        var width = _schema.Width;
        numbers.Read([.. deferred.Select(j => _sources[j])], (k, first, values) =>
        {
            var offset = offsets[deferred[k]];
            for (var i = 0; i < values.Length; i++)
            {
                var row = first + i;
                if (split[row] >= 0)
                {
                    buffers[split[row]][(position[row] * width) + offset] = values[i];
                }
            }
        });
    }

    /// <summary>
    /// The missing cells (NaN) of a deferred column take its fill value, fitted on the first split when the schema
    /// has none yet; without imputation <see cref="EnsureComplete"/> has already failed on them.
    /// </summary>
    private void FillMissing(float[][] buffers, int j, int offset)
    {
        var width = _schema.Width;
        var column = _schema.Columns[j];
        if (column.Fill is null && _schema.Impute != ImputeStrategy.None)
        {
            var train = buffers.Length > 0 ? buffers[0] : [];
            var values = new List<float>(train.Length / width);
            for (var at = offset; at < train.Length; at += width)
            {
                if (!float.IsNaN(train[at]))
                {
                    values.Add(train[at]);
                }
            }

            column = column with { Fill = SchemaFitter.NumericFill([.. values], _schema.Impute) };
            _schema = _schema with { Columns = [.. _schema.Columns.Select((c, i) => i == j ? column : c)] };
        }

        if (_sources[j].MissingCount == 0)
        {
            return;
        }

        var fill = column.Fill ?? throw _table.Error(_sources[j].FirstMissing!.Value.Row, _sources[j].Index,
            CsvColumns.MissingProblem(_sources[j].FirstMissing!.Value.Text));
        foreach (var buffer in buffers)
        {
            for (var at = offset; at < buffer.Length; at += width)
            {
                if (float.IsNaN(buffer[at]))
                {
                    buffer[at] = fill;
                }
            }
        }
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
