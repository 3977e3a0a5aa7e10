using System.Globalization;

namespace Hydra.Training.Pipeline;

/// <summary>
/// Hydra+'s synthetic inputs. Each training row of a batch gives <see cref="Copies"/> synthetic rows: the row is mixed
/// with another row of the batch (mixup, weight λ ~ U(0, 1), when <see cref="Mixup"/>); a fraction
/// <see cref="ShuffleFraction"/> of the rows then has its features permuted at random (the row keeps its values but
/// loses its structure); last comes Gaussian noise whose standard deviation, in normalised units, is
/// <see cref="NoiseStd"/>, or when <see cref="NoiseMinStd"/> is below it, drawn per row log-uniformly from
/// [<see cref="NoiseMinStd"/>, <see cref="NoiseStd"/>]. With <see cref="AdversarialStep"/> above 0 each synthetic row
/// then takes one signed-gradient step of that size (per feature, normalised units) towards more disagreement between
/// the heads and their members, so the heads train where they follow the members worst. <see cref="Weight"/> scales
/// their loss against the real rows'.
/// </summary>
public sealed record OffManifoldOptions(bool Mixup = true, double NoiseStd = 1.0, double Weight = 1.0,
    double? NoiseMinStd = null, double ShuffleFraction = 0.3, int Copies = 2, double AdversarialStep = 0)
{
    /// <summary>The smallest per-row noise standard deviation: <see cref="NoiseMinStd"/>, or <see cref="NoiseStd"/> when it is not set.</summary>
    public double LowestNoiseStd => NoiseMinStd ?? NoiseStd;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(NoiseStd, nameof(NoiseStd));
        ArgumentOutOfRangeException.ThrowIfNegative(Weight, nameof(Weight));
        if (NoiseMinStd is { } low)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(low, nameof(NoiseMinStd));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(low, NoiseStd, nameof(NoiseMinStd));
        }

        if (ShuffleFraction is < 0 or > 1 || double.IsNaN(ShuffleFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(ShuffleFraction), ShuffleFraction, "The shuffled fraction of synthetic rows must lie in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(AdversarialStep, nameof(AdversarialStep));
        ArgumentOutOfRangeException.ThrowIfLessThan(Copies, 1, nameof(Copies));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Copies, 16, nameof(Copies));
        if (!Mixup && NoiseStd == 0 && ShuffleFraction == 0)
        {
            throw new ArgumentException("Off-manifold inputs need mixup, shuffling, noise or a mix of them.", nameof(NoiseStd));
        }
    }

    public override string ToString()
    {
        var noise = LowestNoiseStd < NoiseStd
            ? string.Create(CultureInfo.InvariantCulture, $"noise_std=log-uniform[{LowestNoiseStd}, {NoiseStd}]")
            : string.Create(CultureInfo.InvariantCulture, $"noise_std={NoiseStd}");
        return string.Create(CultureInfo.InvariantCulture, $"mixup={Mixup}, shuffle={ShuffleFraction}, {noise}, adversarial_step={AdversarialStep}, copies={Copies}, weight={Weight}");
    }
}
