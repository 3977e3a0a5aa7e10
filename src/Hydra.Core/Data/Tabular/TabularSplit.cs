namespace Hydra.Core.Data.Tabular;

/// <summary>Seeded train/held-out splits of row indices: per class for labels, so every class is trained on.</summary>
internal static class TabularSplit
{
    /// <summary>
    /// Splits <paramref name="rows"/> so that floor((1 − <paramref name="heldOutFraction"/>) · n) rows are kept
    /// (per class when <paramref name="labels"/> are given, with at least one kept per class), both parts shuffled.
    /// </summary>
    public static (int[] Kept, int[] HeldOut) Split(IReadOnlyList<int> rows, int[]? labels, double heldOutFraction,
        int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(heldOutFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(heldOutFraction, 1.0);
        var random = new Random(seed);
        if (labels is null)
        {
            var order = rows.ToArray();
            random.Shuffle(order);
            var count = (int)Math.Floor(order.Length * (1 - heldOutFraction));
            return (order[..count], order[count..]);
        }

        var kept = new List<int>();
        var heldOut = new List<int>();
        foreach (var group in rows.GroupBy(r => labels[r]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var count = Math.Max(1, (int)Math.Floor(members.Length * (1 - heldOutFraction)));
            kept.AddRange(members[..count]);
            heldOut.AddRange(members[count..]);
        }

        var keptRows = kept.ToArray();
        var heldOutRows = heldOut.ToArray();
        random.Shuffle(keptRows);
        random.Shuffle(heldOutRows);
        return (keptRows, heldOutRows);
    }
}
