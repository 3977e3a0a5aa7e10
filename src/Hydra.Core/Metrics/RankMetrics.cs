using System.Buffers;

namespace Hydra.Core.Metrics;

/// <summary>Rank agreement, separation and absolute error between two score vectors.</summary>
public static class RankMetrics
{
    /// <summary>
    /// Spearman rank correlation: the Pearson correlation of the average ranks (tied values share the mean of their
    /// ranks).
    /// Returns 0 when either input is constant: a constant signal carries no ranking, so it neither agrees nor
    /// disagrees.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, the inputs are empty, or a value is NaN.</exception>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RequireSameNonEmptyLength(x, y, nameof(x), nameof(y));
        RequireNoNaN(x, nameof(x));
        RequireNoNaN(y, nameof(y));

        var n = x.Length;
        var rankX = ArrayPool<double>.Shared.Rent(n);
        var rankY = ArrayPool<double>.Shared.Rent(n);
        try
        {
            AverageRanks(x, rankX.AsSpan(0, n));
            AverageRanks(y, rankY.AsSpan(0, n));

            // Average ranks always sum to n(n+1)/2, so their mean is known exactly.
            var meanRank = (n + 1) / 2.0;
            double sxy = 0, sxx = 0, syy = 0;
            for (var i = 0; i < n; i++)
            {
                var dx = rankX[i] - meanRank;
                var dy = rankY[i] - meanRank;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }

            if (sxx == 0 || syy == 0)
            {
                return 0;
            }

            return Math.Clamp(sxy / (Math.Sqrt(sxx) * Math.Sqrt(syy)), -1.0, 1.0);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rankX);
            ArrayPool<double>.Shared.Return(rankY);
        }
    }

    /// <summary>
    /// Area under the ROC curve for separating positives (scored higher) from negatives:
    /// P(score_pos &gt; score_neg) + ½ P(score_pos = score_neg). Sorts both sets and counts in one merge pass.
    /// </summary>
    /// <exception cref="ArgumentException">Either set is empty or holds a NaN.</exception>
    public static double Auroc(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives)
    {
        if (negatives.IsEmpty || positives.IsEmpty)
        {
            throw new ArgumentException(
                $"AUROC needs at least one negative and one positive (got {negatives.Length} and {positives.Length}).",
                negatives.IsEmpty ? nameof(negatives) : nameof(positives));
        }

        RequireNoNaN(negatives, nameof(negatives));
        RequireNoNaN(positives, nameof(positives));

        var neg = ArrayPool<double>.Shared.Rent(negatives.Length);
        var pos = ArrayPool<double>.Shared.Rent(positives.Length);
        try
        {
            var sortedNeg = neg.AsSpan(0, negatives.Length);
            var sortedPos = pos.AsSpan(0, positives.Length);
            negatives.CopyTo(sortedNeg);
            positives.CopyTo(sortedPos);
            sortedNeg.Sort();
            sortedPos.Sort();

            // Walking the positives upwards, below = negatives strictly lower, upTo = negatives lower or equal;
            // both only move forward, so the whole pass is linear after the sorts.
            long wins = 0, ties = 0;
            int below = 0, upTo = 0;
            foreach (var score in sortedPos)
            {
                while (below < sortedNeg.Length && sortedNeg[below] < score)
                {
                    below++;
                }

                while (upTo < sortedNeg.Length && sortedNeg[upTo] <= score)
                {
                    upTo++;
                }

                wins += below;
                ties += upTo - below;
            }

            return (wins + (0.5 * ties)) / ((double)negatives.Length * positives.Length);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(neg);
            ArrayPool<double>.Shared.Return(pos);
        }
    }

    /// <summary>Mean of |x_i − y_i|.</summary>
    public static double MeanAbsoluteError(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        RequireSameNonEmptyLength(x, y, nameof(x), nameof(y));

        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += Math.Abs(x[i] - y[i]);
        }

        return sum / x.Length;
    }

    /// <summary>
    /// Writes the 1-based rank of each value into <paramref name="ranks"/>; a run of ties gets the mean of its ranks.
    /// </summary>
    private static void AverageRanks(ReadOnlySpan<double> values, Span<double> ranks)
    {
        var n = values.Length;
        var keys = ArrayPool<double>.Shared.Rent(n);
        var order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var sortedKeys = keys.AsSpan(0, n);
            var sortedOrder = order.AsSpan(0, n);
            values.CopyTo(sortedKeys);
            for (var i = 0; i < n; i++)
            {
                sortedOrder[i] = i;
            }

            sortedKeys.Sort(sortedOrder);

            var start = 0;
            while (start < n)
            {
                var end = start + 1;
                while (end < n && sortedKeys[end] == sortedKeys[start])
                {
                    end++;
                }

                // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
                var rank = (start + 1 + end) / 2.0;
                for (var i = start; i < end; i++)
                {
                    ranks[sortedOrder[i]] = rank;
                }

                start = end;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    private static void RequireSameNonEmptyLength(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string xName,
        string yName)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{xName} has {x.Length} values but {yName} has {y.Length}.", yName);
        }

        if (x.IsEmpty)
        {
            throw new ArgumentException("At least one value is needed.", xName);
        }
    }

    private static void RequireNoNaN(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException($"{name} holds NaN at index {i}.", name);
            }
        }
    }
}
