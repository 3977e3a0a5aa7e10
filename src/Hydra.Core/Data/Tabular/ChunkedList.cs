namespace Hydra.Core.Data.Tabular;

/// <summary>
/// An append-only list held in fixed chunks of 16,384 values (64 KiB of floats: below the large-object heap), so a
/// column of unknown length grows without over-allocating or copying: the memory is the values, plus one chunk.
/// </summary>
internal sealed class ChunkedList<T>
    where T : struct
{
    private const int ChunkBits = 14;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index] => _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    public void Add(T value)
    {
        var offset = Count & (ChunkSize - 1);
        if (offset == 0)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[^1][offset] = value;
        Count++;
    }

    public void Clear()
    {
        _chunks.Clear();
        _chunks.TrimExcess();
        Count = 0;
    }
}
