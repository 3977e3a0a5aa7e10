using Hydra.Core.Data;

namespace Hydra.Training.Teachers;

/// <summary>
/// What a checkpoint teacher's rows go through before its first layer, and its regression target axis.
/// </summary>
public sealed record Preprocessing(Normalization Input, FeatureNormalization? Features, TargetScaling? Target)
{
    /// <summary>Raw rows in, target units out: for a checkpoint trained on the dataset as it is.</summary>
    public static Preprocessing None { get; } = new(Normalization.Identity, null, null);

    /// <summary>The product's own preprocessing of <paramref name="bundle"/>, as its members were trained on.</summary>
    public static Preprocessing Of(DatasetBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new Preprocessing(bundle.Normalization, bundle.FeatureNormalization, bundle.TargetScaling);
    }
}
