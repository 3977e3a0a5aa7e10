using Hydra.Core.Data;

namespace Hydra.Core.Tests.Data;

/// <summary>
/// A fact that is reported as skipped unless scikit-learn's regression CSVs are in the folder <see cref="DataOptions"/>
/// points at by default (set HYDRA_SKLEARN_DATA to an absolute path, since tests run from their output folder).
/// </summary>
public sealed class SklearnDataFactAttribute : FactAttribute
{
    public SklearnDataFactAttribute()
    {
        var directory = new DataOptions().SklearnDirectory;
        string[] files = ["boston_house_prices.csv", "diabetes_data_raw.csv.gz", "diabetes_target.csv.gz"];
        if (!files.All(f => File.Exists(Path.Combine(directory, f))))
        {
            Skip = $"scikit-learn's regression CSVs are not in '{directory}' (run scripts/setup.sh and set "
                + $"HYDRA_SKLEARN_DATA).";
        }
    }
}
