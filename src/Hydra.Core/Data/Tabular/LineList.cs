namespace Hydra.Core.Data.Tabular;

/// <summary>
/// The line each row of a text file starts on, for error messages: held as a first line and a count while the rows
/// are consecutive lines (the usual file), and one by one only from the first blank line or multi-line field on.
/// </summary>
internal sealed class LineList : IReadOnlyList<int>
{
    private int _first;
    private ChunkedList<int>? _lines;

    public int Count { get; private set; }

    public int this[int index] => _lines is null ? _first + index : _lines[index];

    public void Add(int line)
    {
        if (Count == 0)
        {
            _first = line;
        }
        else if (_lines is null && line != _first + Count)
        {
            _lines = new ChunkedList<int>();
            for (var i = 0; i < Count; i++)
            {
                _lines.Add(_first + i);
            }
        }

        _lines?.Add(line);
        Count++;
    }

    public IEnumerator<int> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
