using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Tests.Data;

/// <summary>
/// The stratified split on arrays against the list-and-group version it replaced (kept here as the reference): the
/// same seed must give the same rows in the same order, so a dataset's split did not move with the rewrite.
/// </summary>
public sealed class TabularSplitTests
{
    [Theory]
    [InlineData(0, 200, 3, 0.2)]
    [InlineData(7, 57, 5, 0.25)]
    [InlineData(3, 10, 4, 0.5)]
    public void Split_WithLabels_EqualsTheGroupedReference(int seed, int rows, int classes, double heldOut)
    {
        var random = new Random(seed + 100);
        // Skewed labels, one class with a single row, and rows given in a shuffled order.
        var labels = Enumerable.Range(0, rows).Select(_ => Math.Min(random.Next(classes + 2), classes - 1)).ToArray();
        labels[0] = classes;
        var order = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(order);

        var (kept, held) = TabularSplit.Split(order, labels, heldOut, seed);
        var (keptReference, heldReference) = Reference(order, labels, heldOut, seed);

        Assert.Equal(keptReference, kept);
        Assert.Equal(heldReference, held);
    }

    private static (int[] Kept, int[] HeldOut) Reference(IReadOnlyList<int> rows, int[] labels, double heldOut,
        int seed)
    {
        var random = new Random(seed);
        var kept = new List<int>();
        var held = new List<int>();
        foreach (var group in rows.GroupBy(r => labels[r]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var count = Math.Max(1, (int)Math.Floor(members.Length * (1 - heldOut)));
            kept.AddRange(members[..count]);
            held.AddRange(members[count..]);
        }

        var keptRows = kept.ToArray();
        var heldRows = held.ToArray();
        random.Shuffle(keptRows);
        random.Shuffle(heldRows);
        return (keptRows, heldRows);
    }
}
