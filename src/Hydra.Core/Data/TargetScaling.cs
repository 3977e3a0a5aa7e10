namespace Hydra.Core.Data;

/// <summary>
/// Standardisation of regression targets, (y − Mean) / Std, fitted on the training split: models learn on the scaled
/// targets and their Gaussian outputs are mapped back with <see cref="UnscaleMean"/> and <see cref="UnscaleVariance"/>.
/// </summary>
public sealed record TargetScaling(float Mean, float Std)
{
    /// <summary>Leaves targets unchanged.</summary>
    public static TargetScaling Identity { get; } = new(0f, 1f);

    /// <summary>
    /// The mean and population standard deviation of <paramref name="targets"/> (std 1 if they never vary).
    /// </summary>
    public static TargetScaling Fit(ReadOnlySpan<float> targets)
    {
        if (targets.IsEmpty)
        {
            throw new ArgumentException("Cannot fit a target scaling on no targets.", nameof(targets));
        }

        var sum = 0.0;
        foreach (var y in targets)
        {
            sum += y;
        }

        var mean = sum / targets.Length;
        var squares = 0.0;
        foreach (var y in targets)
        {
            squares += (y - mean) * (y - mean);
        }

        var std = Math.Sqrt(squares / targets.Length);
        return new TargetScaling((float)mean, std > 0 ? (float)std : 1f);
    }

    /// <summary>Scales targets in place.</summary>
    public void Apply(Span<float> targets)
    {
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = (targets[i] - Mean) / Std;
        }
    }

    /// <summary>A predicted mean on the scaled axis, back on the original axis.</summary>
    public double UnscaleMean(double scaledMean) => (scaledMean * Std) + Mean;

    /// <summary>A predicted variance on the scaled axis, back on the original axis (times Std²).</summary>
    public double UnscaleVariance(double scaledVariance) => scaledVariance * Std * Std;
}
