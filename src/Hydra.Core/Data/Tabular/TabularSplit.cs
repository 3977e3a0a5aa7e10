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

        // The rows grouped by label (in row order within a label), each group shuffled and cut: arrays, not lists, so
        // a split of a large table costs its index arrays and nothing more.
        var classes = rows.Count == 0 ? 0 : rows.Max(r => labels[r]) + 1;
        var starts = new int[classes + 1];
        foreach (var row in rows)
        {
            starts[labels[row] + 1]++;
        }

        var keptCount = 0;
        for (var c = 0; c < classes; c++)
        {
            keptCount += starts[c + 1] == 0 ? 0 : Math.Max(1, (int)Math.Floor(starts[c + 1] * (1 - heldOutFraction)));
            starts[c + 1] += starts[c];
        }

        var grouped = new int[rows.Count];
        var next = starts[..^1];
        foreach (var row in rows)
        {
            grouped[next[labels[row]]++] = row;
        }

        var keptRows = new int[keptCount];
        var heldOutRows = new int[rows.Count - keptCount];
        var (k, h) = (0, 0);
        for (var c = 0; c < classes; c++)
        {
            var members = grouped.AsSpan(starts[c], starts[c + 1] - starts[c]);
            if (members.IsEmpty)
            {
                continue;
            }

            random.Shuffle(members);
            var count = Math.Max(1, (int)Math.Floor(members.Length * (1 - heldOutFraction)));
            members[..count].CopyTo(keptRows.AsSpan(k));
            members[count..].CopyTo(heldOutRows.AsSpan(h));
            (k, h) = (k + count, h + members.Length - count);
        }

        random.Shuffle(keptRows);
        random.Shuffle(heldOutRows);
        return (keptRows, heldOutRows);
    }
}
