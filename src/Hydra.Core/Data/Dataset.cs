namespace Hydra.Core.Data;

/// <summary>
/// An in-memory dataset: row-major features (<see cref="Count"/> rows of <see cref="RowShape"/> each),
/// with class labels (classification) or targets (regression).
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, float[] features, int[] rowShape, int[]? labels = null, float[]? targets = null,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rowShape);
        if (rowShape.Length == 0 || rowShape.Any(d => d <= 0))
        {
            throw new ArgumentException($"Row shape [{string.Join(',', rowShape)}] must have positive dimensions.",
                nameof(rowShape));
        }

        RowSize = rowShape.Aggregate(1, (a, b) => checked(a * b));
        if (features.Length % RowSize != 0)
        {
            throw new ArgumentException(
                $"{features.Length} feature values are not a whole number of rows of {RowSize}.", nameof(features));
        }

        Count = features.Length / RowSize;
        if (labels is not null && labels.Length != Count)
        {
            throw new ArgumentException($"{labels.Length} labels for {Count} rows.", nameof(labels));
        }

        if (targets is not null && targets.Length != Count)
        {
            throw new ArgumentException($"{targets.Length} targets for {Count} rows.", nameof(targets));
        }

        Name = name;
        Features = features;
        RowShape = rowShape;
        Labels = labels;
        Targets = targets;
        ClassNames = classNames;
    }

    public string Name { get; }

    /// <summary>Row-major features, <see cref="Count"/> × <see cref="RowSize"/>.</summary>
    public float[] Features { get; }

    /// <summary>Shape of one row, e.g. [1, 28, 28] for a grey image or [2] for a point in the plane.</summary>
    public int[] RowShape { get; }

    public int RowSize { get; }

    public int Count { get; }

    public int[]? Labels { get; }

    public float[]? Targets { get; }

    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The number of classes: the class names if given, else one more than the largest label.</summary>
    public int ClassCount => ClassNames?.Count ?? (Labels is { Length: > 0 } l ? l.Max() + 1 : 0);

    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * RowSize, RowSize);

    /// <summary>A dataset of the rows at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var features = new float[indices.Count * RowSize];
        for (var i = 0; i < indices.Count; i++)
        {
            Row(indices[i]).CopyTo(features.AsSpan(i * RowSize, RowSize));
        }

        return new Dataset(name ?? Name, features, RowShape,
            Labels is null ? null : indices.Select(i => Labels[i]).ToArray(),
            Targets is null ? null : indices.Select(i => Targets[i]).ToArray(),
            ClassNames);
    }
}
