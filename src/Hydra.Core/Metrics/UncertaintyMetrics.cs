namespace Hydra.Core.Metrics;

/// <summary>
/// Entropy and the total / aleatoric / epistemic split of an ensemble's (or a Hydra's heads') predictions.
/// </summary>
public static class UncertaintyMetrics
{
    private const int StackLimit = 256;

    /// <summary>Shannon entropy −Σ p log p in nats; terms with p ≤ 0 contribute 0 (the limit of p log p).</summary>
    public static double Entropy(ReadOnlySpan<float> p)
    {
        var sum = 0.0;
        foreach (double value in p)
        {
            if (value > 0)
            {
                sum -= value * Math.Log(value);
            }
        }

        return sum;
    }

    /// <summary>
    /// Splits the uncertainty of <paramref name="members"/> distributions per row. <paramref
    /// name="memberProbabilities"/> is
    /// rows × members × classes row-major. Total = H(mean_m p_m), aleatoric = mean_m H(p_m), epistemic = total −
    /// aleatoric,
    /// clamped at 0 because the difference of two rounded sums can dip a hair below it (Jensen makes it ≥ 0 exactly).
    /// </summary>
    public static UncertaintyDecomposition Decompose(ReadOnlySpan<float> memberProbabilities, int rows, int members,
        int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(members);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (memberProbabilities.Length != (long)rows * members * classes)
        {
            throw new ArgumentException(
                $"{memberProbabilities.Length} probabilities do not match {rows} rows × {members} members × "
                    + $"{classes} classes.",
                nameof(memberProbabilities));
        }

        var meanProbabilities = new float[rows * classes];
        var total = new double[rows];
        var aleatoric = new double[rows];
        var epistemic = new double[rows];
        Span<double> mean = classes <= StackLimit ? stackalloc double[classes] : new double[classes];
        var rowSize = members * classes;
        for (var n = 0; n < rows; n++)
        {
            var row = memberProbabilities.Slice(n * rowSize, rowSize);
            mean.Clear();
            var entropySum = 0.0;
            for (var m = 0; m < members; m++)
            {
                var member = row.Slice(m * classes, classes);
                entropySum += Entropy(member);
                for (var c = 0; c < classes; c++)
                {
                    mean[c] += member[c];
                }
            }

            for (var c = 0; c < classes; c++)
            {
                mean[c] /= members;
                meanProbabilities[(n * classes) + c] = (float)mean[c];
            }

            total[n] = Entropy(mean);
            aleatoric[n] = entropySum / members;
            epistemic[n] = Math.Max(0.0, total[n] - aleatoric[n]);
        }

        return new UncertaintyDecomposition(meanProbabilities, total, aleatoric, epistemic);
    }

    private static double Entropy(ReadOnlySpan<double> p)
    {
        var sum = 0.0;
        foreach (var value in p)
        {
            if (value > 0)
            {
                sum -= value * Math.Log(value);
            }
        }

        return sum;
    }
}
