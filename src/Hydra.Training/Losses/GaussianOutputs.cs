using Hydra.Core.Models;
using static TorchSharp.torch;

namespace Hydra.Training.Losses;

/// <summary>
/// How a regression head's two outputs (μ, raw) per row become a Gaussian: mean μ, variance softplus(raw) + <see
/// cref="Epsilon"/>.
/// The last dimension of a head's output holds [μ, raw] (the contract of <see cref="GaussianHead"/>).
/// </summary>
internal static class GaussianOutputs
{
    /// <summary>The variance floor (see <see cref="GaussianHead.VarianceEpsilon"/>).</summary>
    public const double Epsilon = GaussianHead.VarianceEpsilon;

    /// <summary>The width a regression head must output: one mean and one raw variance for the one target.</summary>
    public const int HeadWidth = GaussianHead.Width;

    /// <summary>μ: the first value of the last dimension.</summary>
    public static Tensor Mean(Tensor outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return outputs.select(-1, 0);
    }

    /// <summary>σ² = softplus(raw) + ε, raw the second value of the last dimension.</summary>
    public static Tensor Variance(Tensor outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var raw = outputs.select(-1, 1);
        using var softplus = nn.functional.softplus(raw);
        return softplus + Epsilon;
    }
}
