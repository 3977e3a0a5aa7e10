namespace Hydra.Core.Data;

/// <summary>
/// A regression dataset from a NumPy <c>.npz</c> archive holding a features array and a targets array.
/// </summary>
public static class NpzDataset
{
    /// <summary>
    /// Features of shape [N, …] (a 1-d array is N rows of one feature) and targets of shape [N] or [N, 1], taken from
    /// the arrays named <paramref name="featuresName"/> and <paramref name="targetName"/>.
    /// </summary>
    public static Dataset Load(string path, string featuresName = "x", string targetName = "y")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featuresName);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetName);
        var arrays = NpzReader.Read(path);
        var features = Require(path, arrays, featuresName);
        var targets = Require(path, arrays, targetName);

        if (features.Shape.Length == 0 || features.Shape[0] == 0)
        {
            throw new DatasetFormatException(path,
                $"features '{featuresName}' have shape ({string.Join(", ", features.Shape)}): no rows");
        }

        var rows = features.Shape[0];
        int[] rowShape = features.Shape.Length == 1 ? [1] : features.Shape[1..];
        if (rowShape.Contains(0))
        {
            throw new DatasetFormatException(path,
                $"features '{featuresName}' have an empty row shape ({string.Join(", ", features.Shape)})");
        }

        var targetRows = targets.Shape switch
        {
            [var n] => n,
            [var n, 1] => n,
            _ => throw new DatasetFormatException(path,
                $"targets '{targetName}' have shape ({string.Join(", ", targets.Shape)}); expected (N,) or (N, 1)"),
        };
        if (targetRows != rows)
        {
            throw new DatasetFormatException(path,
                $"{rows} feature rows in '{featuresName}' but {targetRows} targets in '{targetName}'");
        }

        return new Dataset(Path.GetFileNameWithoutExtension(path), features.Values, rowShape, targets: targets.Values);
    }

    private static NpyArray Require(string path, IReadOnlyDictionary<string, NpyArray> arrays, string name) =>
        arrays.TryGetValue(name, out var array)
            ? array
            : throw new DatasetFormatException(path,
                $"no array named '{name}'; "
                    + $"the archive holds {(arrays.Count == 0 ? "none" : string.Join(", ", Sorted(arrays.Keys)))}");

    private static IEnumerable<string> Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal);
}
