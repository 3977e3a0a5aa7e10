namespace Hydra.Core.Metrics;

/// <summary>
/// The standard normal CDF to double precision (.NET has no <c>erf</c>): a series for small arguments and a continued
/// fraction in the tails, both of which converge without cancellation in their ranges.
/// </summary>
internal static class NormalDistribution
{
    private const double SeriesLimit = 2.5;
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;
    private const double Sqrt2 = 1.4142135623730951;
    private const int MaxTerms = 500;

    /// <summary>Φ(z) = P(Z ≤ z) for a standard normal Z.</summary>
    public static double Cdf(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        var x = z / Sqrt2;
        return x < 0 ? 0.5 * Erfc(-x) : 1.0 - (0.5 * Erfc(x));
    }

    /// <summary>erfc(x) for x ≥ 0.</summary>
    private static double Erfc(double x) =>
        x < SeriesLimit ? 1.0 - ErfSeries(x) : ErfcContinuedFraction(x);

    /// <summary>erf(x) = (2/√π) e^(−x²) Σ_n (2x²)ⁿ x / (1·3·…·(2n+1)); every term is positive.</summary>
    private static double ErfSeries(double x)
    {
        var term = x;
        var sum = x;
        var twoX2 = 2 * x * x;
        for (var n = 1; n < MaxTerms; n++)
        {
            term *= twoX2 / ((2 * n) + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return TwoOverSqrtPi * Math.Exp(-x * x) * sum;
    }

    /// <summary>
    /// erfc(x) = (e^(−x²)/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method.
    /// </summary>
    private static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < MaxTerms; k++)
        {
            var a = k / 2.0;
            d = x + (a * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + (a / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return OneOverSqrtPi * Math.Exp(-x * x) / f;
    }
}
