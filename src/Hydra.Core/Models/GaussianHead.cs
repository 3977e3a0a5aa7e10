namespace Hydra.Core.Models;

/// <summary>
/// The contract of a regression head, shared by the trainer, the exporter and the C# reference forward: a head outputs
/// [μ, raw] for the one target, on the scaled target axis, and its Gaussian is N(μ, softplus(raw) + <see
/// cref="VarianceEpsilon"/>).
/// </summary>
public static class GaussianHead
{
    /// <summary>Outputs per head: the mean and the raw variance.</summary>
    public const int Width = 2;

    /// <summary>
    /// The variance floor on the scaled axis (the training targets have unit variance there): it keeps log σ² and 1/σ²
    /// finite when softplus underflows, and at 1e-6 of the targets' variance it is too small to matter otherwise.
    /// </summary>
    public const double VarianceEpsilon = 1e-6;

    /// <summary>
    /// softplus(raw) + ε in double precision, computed without overflow: max(raw, 0) + log1p(e^(−|raw|)).
    /// </summary>
    public static double Variance(double raw) => Math.Max(raw, 0) + double.LogP1(Math.Exp(-Math.Abs(raw)))
        + VarianceEpsilon;
}
