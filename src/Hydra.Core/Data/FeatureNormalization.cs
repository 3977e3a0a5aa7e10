namespace Hydra.Core.Data;

/// <summary>
/// Per-feature standardisation (x_j − Mean_j) / Std_j for tabular rows, whose features sit on different scales; one
/// entry per value of a row. Fit it on the training split only, then apply it to every split and OOD set.
/// </summary>
public sealed record FeatureNormalization(float[] Mean, float[] Std)
{
    /// <summary>
    /// The mean and population standard deviation of each feature over the rows of <paramref name="train"/>; a feature
    /// that never varies gets std 1, so it is centred but not blown up.
    /// </summary>
    public static FeatureNormalization Fit(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("Cannot fit a normalisation on a dataset with no rows.", nameof(train));
        }

        var width = train.RowSize;
        var sum = new double[width];
        for (var n = 0; n < train.Count; n++)
        {
            var row = train.Row(n);
            for (var j = 0; j < width; j++)
            {
                sum[j] += row[j];
            }
        }

        var mean = sum.Select(s => s / train.Count).ToArray();
        var squares = new double[width];
        for (var n = 0; n < train.Count; n++)
        {
            var row = train.Row(n);
            for (var j = 0; j < width; j++)
            {
                var d = row[j] - mean[j];
                squares[j] += d * d;
            }
        }

        var std = squares.Select(s => Math.Sqrt(s / train.Count)).Select(s => s > 0 ? (float)s : 1f).ToArray();
        return new FeatureNormalization(mean.Select(m => (float)m).ToArray(), std);
    }

    /// <summary>
    /// Normalises row-major <paramref name="features"/> (a whole number of rows of <c>Mean.Length</c>) in place.
    /// </summary>
    public void Apply(Span<float> features)
    {
        var width = Mean.Length;
        if (width == 0 || Std.Length != width)
        {
            throw new InvalidOperationException(
                $"Feature normalization has {Mean.Length} means and {Std.Length} stds.");
        }

        if (features.Length % width != 0)
        {
            throw new ArgumentException(
                $"{features.Length} values are not a whole number of rows of {width} features.", nameof(features));
        }

        for (var i = 0; i < features.Length; i++)
        {
            var j = i % width;
            features[i] = (features[i] - Mean[j]) / Std[j];
        }
    }
}
