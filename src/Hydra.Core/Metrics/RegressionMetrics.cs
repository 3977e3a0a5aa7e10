namespace Hydra.Core.Metrics;

/// <summary>
/// Scores of Gaussian regression outputs. Each of M members (or heads) predicts a mean μ and a variance σ² per row;
/// <c>means</c> and <c>variances</c> are rows × heads row-major, and the prediction for a row is the equal-weight
/// mixture of its M Gaussians.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>
    /// z such that Φ(z) = 0.975: the half-width of a central 95% normal interval in standard deviations.
    /// </summary>
    public const double NormalQuantile975 = 1.959963984540054;

    private const double LowerTail = 0.025;
    private const double UpperTail = 0.975;
    private const double BracketSigmas = 12.0;
    private const double QuantileTolerance = 1e-6;
    private const int MaxBisections = 200;
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>
    /// Moments of each row's mixture: mean = mean_m μ_m, aleatoric = mean_m σ²_m, epistemic = Var_m(μ_m) (divided by
    /// M),
    /// total = aleatoric + epistemic.
    /// </summary>
    public static RegressionUncertainty Decompose(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, int rows,
        int heads)
    {
        Validate(means, variances, rows, heads);

        var mean = new double[rows];
        var aleatoric = new double[rows];
        var epistemic = new double[rows];
        var total = new double[rows];
        for (var n = 0; n < rows; n++)
        {
            var mu = means.Slice(n * heads, heads);
            var sigma2 = variances.Slice(n * heads, heads);
            double sumMu = 0, sumSigma2 = 0;
            for (var m = 0; m < heads; m++)
            {
                sumMu += mu[m];
                sumSigma2 += sigma2[m];
            }

            mean[n] = sumMu / heads;

            // Two passes: the spread of the means is often tiny next to their size, where E[μ²] − E[μ]² cancels badly.
            var squares = 0.0;
            for (var m = 0; m < heads; m++)
            {
                var d = mu[m] - mean[n];
                squares += d * d;
            }

            aleatoric[n] = sumSigma2 / heads;
            epistemic[n] = squares / heads;
            total[n] = aleatoric[n] + epistemic[n];
        }

        return new RegressionUncertainty(mean, aleatoric, epistemic, total);
    }

    /// <summary>√(mean_n (ŷ_n − y_n)²).</summary>
    public static double Rmse(ReadOnlySpan<double> predictedMean, ReadOnlySpan<float> targets)
    {
        if (predictedMean.Length != targets.Length)
        {
            throw new ArgumentException($"{predictedMean.Length} predictions for {targets.Length} targets.",
                nameof(targets));
        }

        if (targets.IsEmpty)
        {
            throw new ArgumentException("At least one row is needed.", nameof(targets));
        }

        var sum = 0.0;
        for (var n = 0; n < targets.Length; n++)
        {
            var d = predictedMean[n] - targets[n];
            sum += d * d;
        }

        return Math.Sqrt(sum / targets.Length);
    }

    /// <summary>
    /// Mean over rows of −log((1/M) Σ_m N(y; μ_m, σ²_m)) in nats, with the sum taken by log-sum-exp so that a target
    /// far
    /// out in every head's tail still gives a finite value.
    /// </summary>
    public static double MixtureNll(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, int rows, int heads,
        ReadOnlySpan<float> targets)
    {
        Validate(means, variances, rows, heads);
        ValidateTargets(targets, rows);

        Span<double> logDensities = heads <= 256 ? stackalloc double[heads] : new double[heads];
        var logHeads = Math.Log(heads);
        var sum = 0.0;
        for (var n = 0; n < rows; n++)
        {
            double y = targets[n];
            var max = double.NegativeInfinity;
            for (var m = 0; m < heads; m++)
            {
                double mu = means[(n * heads) + m];
                double sigma2 = variances[(n * heads) + m];
                var d = y - mu;
                logDensities[m] = -0.5 * (LogTwoPi + Math.Log(sigma2) + (d * d / sigma2));
                max = Math.Max(max, logDensities[m]);
            }

            var scaled = 0.0;
            for (var m = 0; m < heads; m++)
            {
                scaled += Math.Exp(logDensities[m] - max);
            }

            sum -= max + Math.Log(scaled) - logHeads;
        }

        return sum / rows;
    }

    /// <summary>
    /// Fraction of rows whose target lies in the central 95% interval of the row's mixture, [q(0.025), q(0.975)]
    /// inclusive.
    /// The quantiles are found by bisection on the mixture CDF (see <see cref="MixtureQuantile"/>).
    /// </summary>
    public static double Coverage95(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, int rows, int heads,
        ReadOnlySpan<float> targets)
    {
        Validate(means, variances, rows, heads);
        ValidateTargets(targets, rows);

        var inside = 0;
        for (var n = 0; n < rows; n++)
        {
            var mu = means.Slice(n * heads, heads);
            var sigma2 = variances.Slice(n * heads, heads);
            var low = Quantile(mu, sigma2, LowerTail);
            var high = Quantile(mu, sigma2, UpperTail);
            if (targets[n] >= low && targets[n] <= high)
            {
                inside++;
            }
        }

        return (double)inside / rows;
    }

    /// <summary>
    /// The <paramref name="probability"/> quantile of the equal-weight mixture of N(μ_m, σ²_m), by bisection on its CDF
    /// until
    /// the bracket is narrower than 1e-6 of the mixture's standard deviation.
    /// </summary>
    public static double MixtureQuantile(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, double probability)
    {
        if (!(probability is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability,
                "The probability must lie strictly between 0 and 1.");
        }

        Validate(means, variances, rows: 1, heads: means.Length);
        return Quantile(means, variances, probability);
    }

    /// <summary>KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½, in nats.</summary>
    public static double GaussianKl(double mean1, double variance1, double mean2, double variance2)
    {
        RequirePositiveVariance(variance1, nameof(variance1));
        RequirePositiveVariance(variance2, nameof(variance2));

        var d = mean1 - mean2;
        return (0.5 * Math.Log(variance2 / variance1)) + ((variance1 + (d * d)) / (2 * variance2)) - 0.5;
    }

    private static double Quantile(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, double probability)
    {
        // Every component puts less than Φ(−12) ≈ 2e-33 of its mass outside [min μ − 12σ, max μ + 12σ], so the quantile
        // is inside.
        double low = double.PositiveInfinity, high = double.NegativeInfinity, sum = 0;
        for (var m = 0; m < means.Length; m++)
        {
            var sigma = Math.Sqrt(variances[m]);
            low = Math.Min(low, means[m] - (BracketSigmas * sigma));
            high = Math.Max(high, means[m] + (BracketSigmas * sigma));
            sum += means[m];
        }

        // The tolerance is relative to the mixture's spread: its variance is mean σ² + mean (μ − mean μ)².
        var mixtureMean = sum / means.Length;
        var mixtureVariance = 0.0;
        for (var m = 0; m < means.Length; m++)
        {
            var d = means[m] - mixtureMean;
            mixtureVariance += variances[m] + (d * d);
        }

        mixtureVariance /= means.Length;
        var tolerance = QuantileTolerance * Math.Sqrt(mixtureVariance);
        for (var i = 0; i < MaxBisections && high - low > tolerance; i++)
        {
            var middle = low + (0.5 * (high - low));
            if (MixtureCdf(means, variances, middle) < probability)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return low + (0.5 * (high - low));
    }

    private static double MixtureCdf(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, double x)
    {
        var sum = 0.0;
        for (var m = 0; m < means.Length; m++)
        {
            sum += NormalDistribution.Cdf((x - means[m]) / Math.Sqrt(variances[m]));
        }

        return sum / means.Length;
    }

    private static void Validate(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, int rows, int heads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        if (means.Length != (long)rows * heads)
        {
            throw new ArgumentException($"{means.Length} means do not match {rows} rows × {heads} heads.",
                nameof(means));
        }

        if (variances.Length != means.Length)
        {
            throw new ArgumentException($"{variances.Length} variances for {means.Length} means.", nameof(variances));
        }

        for (var i = 0; i < variances.Length; i++)
        {
            if (!(variances[i] > 0) || !float.IsFinite(variances[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(variances), variances[i],
                    $"Variance at row {i / heads}, head {i % heads} must be positive and finite.");
            }
        }
    }

    private static void ValidateTargets(ReadOnlySpan<float> targets, int rows)
    {
        if (targets.Length != rows)
        {
            throw new ArgumentException($"{targets.Length} targets for {rows} rows.", nameof(targets));
        }
    }

    private static void RequirePositiveVariance(double variance, string name)
    {
        if (!(variance > 0) || !double.IsFinite(variance))
        {
            throw new ArgumentOutOfRangeException(name, variance, "A Gaussian's variance must be positive and finite.");
        }
    }
}
