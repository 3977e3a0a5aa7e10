namespace Hydra.Core.Data;

/// <summary>
/// scikit-learn's regression CSVs (Boston housing and diabetes), as shipped in Debian's python3-sklearn package.
/// </summary>
internal static class SklearnRegression
{
    public const string BostonFile = "boston_house_prices.csv";
    public const string DiabetesFeaturesFile = "diabetes_data_raw.csv.gz";
    public const string DiabetesTargetsFile = "diabetes_target.csv.gz";
    public const string BostonTarget = "MEDV";

    /// <summary>
    /// 506 rows, 13 features, target MEDV. The first line ("506,13,…") is metadata; the second is the header.
    /// </summary>
    public static Dataset Boston(string directory) =>
        CsvReader.Read(RequireFile(directory, BostonFile), BostonTarget, new CsvOptions { SkipLines = 1 });

    /// <summary>
    /// 442 rows of 10 space-separated raw features, and their targets (one a line) from a second file.
    /// </summary>
    public static Dataset Diabetes(string directory)
    {
        var featuresPath = RequireFile(directory, DiabetesFeaturesFile);
        var targetsPath = RequireFile(directory, DiabetesTargetsFile);
        var features = CsvReader.ReadMatrix(featuresPath);
        var targets = CsvReader.ReadMatrix(targetsPath);
        if (targets.Columns != 1)
        {
            throw new DatasetFormatException(targetsPath,
                $"expected one target a line, found {targets.Columns} columns");
        }

        if (targets.Rows != features.Rows)
        {
            throw new DatasetFormatException(targetsPath,
                $"{targets.Rows} targets for the {features.Rows} rows of {DiabetesFeaturesFile}");
        }

        return new Dataset("diabetes", features.Values, [features.Columns], targets: targets.Values);
    }

    private static string RequireFile(string directory, string fileName)
    {
        var path = Path.Combine(Path.GetFullPath(directory), fileName);
        if (!File.Exists(path))
        {
            throw new DatasetUnavailableException(
                $"scikit-learn data file '{path}' not found. Run scripts/setup.sh (it unpacks the files from "
                + $"Debian's python3-sklearn package) or set {DataOptions.SklearnVariable} to a folder that holds "
                + $"{fileName}.");
        }

        return path;
    }
}
