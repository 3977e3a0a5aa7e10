using System.Globalization;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads any table file into columns by its extension: Parquet (.parquet, .pq), NumPy (.npz, a 2-d .npy), else
/// delimited text (.csv, .tsv, .txt, each optionally .gz).
/// </summary>
internal static class TableReader
{
    /// <summary>The .npz arrays of each split: x and y, x_test and y_test, x_validation and y_validation.</summary>
    public const string TestSuffix = "_test";

    public const string ValidationSuffix = "_validation";

    /// <summary>The target array of an .npz when none is named.</summary>
    public const string DefaultNpzTarget = "y";

    /// <summary>Whether the file is read as a table (by its name).</summary>
    public static bool IsTable(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return ParquetColumnReader.IsParquet(path) || NpyTable.IsNpz(path) || NpyTable.IsNpy(path)
            || name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The table in <paramref name="path"/>; for an .npz, the arrays of the split that <paramref name="suffix"/> names,
    /// the target array required when <paramref name="needTarget"/>; for the features .npy of a pair, the pair
    /// (<paramref name="labels"/>, or the labels file beside it: <see cref="NpyTable.LabelsOf"/>). With
    /// <paramref name="streamNumbers"/>, a text or
    /// Parquet file's numeric columns other than <paramref name="target"/> only count their numbers, and the table's
    /// <see cref="CsvColumns.Numbers"/> reads them again into their buffers.
    /// </summary>
    public static CsvColumns Read(string path, DataOptions options, string? target, string suffix = "",
        bool needTarget = true, bool streamNumbers = false, string? labels = null)
    {
        Func<IReadOnlyList<string>, int, bool>? keep = streamNumbers ? (names, c) => IsTarget(names, c, target) : null;
        if (ParquetColumnReader.IsParquet(path))
        {
            return ParquetColumnReader.Read(path, keep);
        }

        if (NpyTable.IsNpz(path))
        {
            RequireFile(path);
            return NpyTable.ReadNpz(path, options.FeaturesArray, target ?? DefaultNpzTarget, suffix, needTarget,
                options.Limits);
        }

        if (NpyTable.IsNpy(path))
        {
            RequireFile(path);
            return NpyTable.LabelsOf(path, labels) is { } pair ? NpyTable.ReadPair(path, pair, needTarget)
                : NpyTable.ReadNpy(path);
        }

        return CsvColumnReader.Read(path, new CsvOptions { MaxInflatedBytes = options.Limits.MaxInflatedBytes },
            keep);
    }

    /// <summary>
    /// Whether column <paramref name="column"/> of <paramref name="names"/> is the one <paramref name="target"/> names:
    /// by name, else by zero-based index, a negative index counting from the end.
    /// </summary>
    public static bool IsTarget(IReadOnlyList<string> names, int column, string? target)
    {
        if (target is null)
        {
            return false;
        }

        var byName = names.ToList().IndexOf(target);
        if (byName >= 0)
        {
            return byName == column;
        }

        return int.TryParse(target, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            && (index < 0 ? names.Count + index : index) == column;
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetNotFoundException($"Data file '{path}' does not exist.");
        }
    }
}
