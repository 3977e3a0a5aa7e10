namespace Hydra.Training.Pipeline;

/// <summary>
/// Hydra+'s synthetic inputs: each training row is mixed with another row of the batch (mixup, weight
/// λ ~ U(0, 1), when <see cref="Mixup"/>) and then perturbed with Gaussian noise of standard deviation
/// <see cref="NoiseStd"/> in normalised units. <see cref="Weight"/> scales their loss against the real rows'.
/// </summary>
public sealed record OffManifoldOptions(bool Mixup = true, double NoiseStd = 1.0, double Weight = 1.0)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(NoiseStd, nameof(NoiseStd));
        ArgumentOutOfRangeException.ThrowIfNegative(Weight, nameof(Weight));
        if (!Mixup && NoiseStd == 0)
        {
            throw new ArgumentException("Off-manifold inputs need mixup, noise or both.", nameof(NoiseStd));
        }
    }

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mixup={Mixup}, noise_std={NoiseStd}, weight={Weight}");
}
