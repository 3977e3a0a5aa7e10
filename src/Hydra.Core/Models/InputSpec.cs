using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Models;

/// <summary>
/// The shape of one raw input row and the normalisation the model expects applied to it: <see cref="Normalization"/>
/// on every value, then, for tabular regression, the per-feature z-scores of <see cref="Features"/> (null for none).
/// </summary>
public sealed record InputSpec(int[] Shape, Normalization Normalization, FeatureNormalization? Features = null)
{
    /// <summary>
    /// For a model trained on a table: how a row given by column name becomes a raw row (imputation, then one-hot
    /// encoding) before the normalisation; see <see cref="TabularPreprocessor"/>. Null for other models.
    /// </summary>
    public TabularSchema? Columns { get; init; }

    /// <summary>
    /// Normalises row-major raw values in place, exactly as the trainer did (the same arithmetic, in the same order).
    /// </summary>
    public void Apply(Span<float> values)
    {
        Normalization.Apply(values);
        Features?.Apply(values);
    }

    /// <summary>
    /// Whether two specs normalise identically (the records compare arrays by reference, this by value).
    /// </summary>
    public bool SameAs(InputSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Shape.SequenceEqual(other.Shape) && Normalization == other.Normalization
            && (Features is null ? other.Features is null
                : other.Features is not null && Features.Mean.SequenceEqual(other.Features.Mean)
                && Features.Std.SequenceEqual(other.Features.Std));
    }
}
