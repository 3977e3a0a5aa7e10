namespace Hydra.Core.Metrics;

/// <summary>Divergences between two sets of class distributions, rows × classes row-major.</summary>
public static class DivergenceMetrics
{
    private const double MinProbability = 1e-12;

    /// <summary>
    /// Mean over rows of KL(p ‖ q) = Σ_c p_c (log p_c − log q_c) in nats. Terms with p_c = 0 are 0; q is floored at
    /// 1e-12 so a
    /// class the reference gives mass and q rules out costs a large but finite amount.
    /// </summary>
    public static double MeanKullbackLeibler(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"p has {p.Length} values but q has {q.Length}.", nameof(q));
        }

        if (p.IsEmpty || p.Length % classes != 0)
        {
            throw new ArgumentException(
                $"{p.Length} values are not a positive whole number of rows of {classes} classes.", nameof(p));
        }

        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            double pc = p[i];
            if (pc > 0)
            {
                sum += pc * (Math.Log(pc) - Math.Log(Math.Max(q[i], MinProbability)));
            }
        }

        return sum / (p.Length / classes);
    }
}
