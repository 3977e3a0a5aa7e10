using System.Globalization;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// One column of a data file as it is read: numbers (NaN where a cell is missing) until the first text value, then
/// codes into the column's distinct text values (−1 where missing). The first cell of each sort is remembered so that
/// an error can name its line. A column that does not <see cref="KeepsNumbers"/> counts its numbers without holding
/// them: a loader reads them again from the file straight into its buffers (<see cref="INumberSource"/>).
/// </summary>
internal sealed class CsvColumn(int index, string name)
{
    /// <summary>Cells that mean "no value", compared without case.</summary>
    public static readonly IReadOnlyList<string> MissingTokens = ["", "NA", "N/A", "NaN", "null", "?"];

    // The same tokens as an array: checked for every cell, so without an enumerator allocated per call.
    private static readonly string[] Missing = [.. MissingTokens];

    private readonly ChunkedList<float> _numbers = new();
    private readonly Dictionary<string, int> _codeOf = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];
    private ChunkedList<int>? _codes;

    public int Index { get; } = index;

    public string Name { get; } = name;

    /// <summary>Whether numbers are held (true), or only counted, to be read again from the file when needed.
    /// </summary>
    public bool KeepsNumbers { get; init; } = true;

    /// <summary>A numeric column whose numbers were counted, not held.</summary>
    public bool IsDeferred => !KeepsNumbers && !IsText;

    public int Count { get; private set; }

    public int NumberCount { get; private set; }

    public int TextCount { get; private set; }

    public int MissingCount { get; private set; }

    /// <summary>The row and text of the first number, first text value and first missing cell, if any.</summary>
    public (int Row, string Text)? FirstNumber { get; private set; }

    public (int Row, string Text)? FirstText { get; private set; }

    public (int Row, string Text)? FirstMissing { get; private set; }

    /// <summary>Whether the values are kept as text codes (the first value present was text).</summary>
    public bool IsText => _codes is not null;

    /// <summary>The distinct text values in order of first appearance (empty for a numeric column).</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Why the column cannot be used (e.g. "a list column"), or null; such a column holds no values.
    /// </summary>
    public string? Unsupported { get; init; }

    public ColumnKind Kind => Unsupported is not null ? ColumnKind.Unsupported : (NumberCount, TextCount) switch
    {
        (0, 0) => ColumnKind.Empty,
        (_, 0) => ColumnKind.Numeric,
        (0, _) => LooksLikeIdentifier() ? ColumnKind.Identifier : ColumnKind.Categorical,
        _ => ColumnKind.Mixed,
    };

    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        foreach (var token in Missing)
        {
            if (field.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryParse(ReadOnlySpan<char> field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public void Add(ReadOnlySpan<char> field)
    {
        if (IsMissing(field))
        {
            AddMissing(field);
        }
        else if (TryParse(field, out var number))
        {
            AddNumber((float)number, field);
        }
        else
        {
            AddText(field);
        }
    }

    /// <summary>A missing cell; <paramref name="token"/> is how the file wrote it ("" for a null).</summary>
    public void AddMissing(ReadOnlySpan<char> token)
    {
        MissingCount++;
        FirstMissing ??= (Count, token.ToString());
        AddValue(float.NaN, -1);
    }

    /// <summary>A finite number; <paramref name="written"/> is how the file wrote it (for a text column's code).
    /// </summary>
    public void AddNumber(float number, ReadOnlySpan<char> written)
    {
        NumberCount++;
        FirstNumber ??= (Count, written.ToString());
        AddValue(number, IsText ? CodeOf(written) : -1);
    }

    /// <summary>A finite number from a typed file (Parquet, NumPy), formatted only when the column is text.</summary>
    public void AddNumber(float number)
    {
        if (IsText || FirstNumber is null)
        {
            AddNumber(number, number.ToString("R", CultureInfo.InvariantCulture));
            return;
        }

        NumberCount++;
        if (KeepsNumbers)
        {
            _numbers.Add(number);
        }

        Count++;
    }

    /// <summary>A text value that is not a number.</summary>
    public void AddText(ReadOnlySpan<char> field)
    {
        TextCount++;
        FirstText ??= (Count, field.ToString());
        if (!IsText && NumberCount == 0)
        {
            // Only missing cells so far: switch to codes, every earlier cell missing.
            _codes = new ChunkedList<int>();
            for (var i = 0; i < Count; i++)
            {
                _codes.Add(-1);
            }

            _numbers.Clear();
        }

        AddValue(float.NaN, IsText ? CodeOf(field) : -1);
    }

    /// <summary>The number at <paramref name="row"/> (NaN where missing); the column must be numeric and held.
    /// </summary>
    public float Number(int row) => KeepsNumbers ? _numbers[row]
        : throw new InvalidOperationException($"Column '{Name}' holds no numbers: read them from its file.");

    /// <summary>The text code at <paramref name="row"/> (−1 where missing); the column must be text.</summary>
    public int Code(int row) => _codes![row];

    /// <summary>The cell at <paramref name="row"/> as text, or null where missing.</summary>
    public string? Text(int row)
    {
        if (_codes is not null)
        {
            return _codes[row] < 0 ? null : _values[_codes[row]];
        }

        var value = Number(row);
        return float.IsNaN(value) ? null : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// (Almost) all values distinct: at least 90% of at least 10 values, so a small categorical column is never
    /// taken for one.
    /// </summary>
    private bool LooksLikeIdentifier() => TextCount >= 10 && _values.Count >= 0.9 * TextCount;

    private void AddValue(float number, int code)
    {
        if (_codes is not null)
        {
            _codes.Add(code);
        }
        else if (KeepsNumbers)
        {
            _numbers.Add(number);
        }

        Count++;
    }

    private int CodeOf(ReadOnlySpan<char> field)
    {
        var lookup = _codeOf.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(field, out var code))
        {
            return code;
        }

        var text = field.ToString();
        _codeOf[text] = _values.Count;
        _values.Add(text);
        return _values.Count - 1;
    }
}
