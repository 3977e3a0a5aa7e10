namespace Hydra.Core.Data.Tabular;

/// <summary>
/// The numbers rows are named by in errors (1 … n for a Parquet file, 0 … n − 1 for a NumPy array), without storing
/// them.
/// </summary>
internal sealed class RowNumbers(int count, int first = 1) : IReadOnlyList<int>
{
    public int Count => count;

    public int this[int index] => index + first;

    public IEnumerator<int> GetEnumerator() => Enumerable.Range(first, count).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
