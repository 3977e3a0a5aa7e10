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
    /// the target array required when <paramref name="needTarget"/>.
    /// </summary>
    public static CsvColumns Read(string path, DataOptions options, string? target, string suffix = "",
        bool needTarget = true)
    {
        if (ParquetColumnReader.IsParquet(path))
        {
            return ParquetColumnReader.Read(path);
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
            return NpyTable.ReadNpy(path);
        }

        return CsvColumnReader.Read(path, new CsvOptions { MaxInflatedBytes = options.Limits.MaxInflatedBytes });
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetNotFoundException($"Data file '{path}' does not exist.");
        }
    }
}
