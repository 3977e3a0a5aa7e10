using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Data;

/// <summary>Where dataset files live and how much of each split to load.</summary>
public sealed class DataOptions
{
    public const string DefaultFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";
    public const string DefaultSklearnDirectory = "data/sklearn";
    public const string FashionMnistVariable = "HYDRA_FASHION_MNIST";
    public const string SklearnVariable = "HYDRA_SKLEARN_DATA";

    /// <summary>The folder with the four Fashion-MNIST IDX files; HYDRA_FASHION_MNIST overrides the default.</summary>
    public string FashionMnistDirectory { get; set; } = FromEnvironment(FashionMnistVariable,
        DefaultFashionMnistDirectory);

    /// <summary>
    /// The folder with scikit-learn's data files (relative paths are taken from the current directory);
    /// HYDRA_SKLEARN_DATA overrides the default.
    /// </summary>
    public string SklearnDirectory { get; set; } = FromEnvironment(SklearnVariable, DefaultSklearnDirectory);

    /// <summary>When set, only the first N training rows are loaded (for quick runs).</summary>
    public int? TrainLimit { get; set; }

    /// <summary>When set, only the first N test rows are loaded (for quick runs).</summary>
    public int? TestLimit { get; set; }

    /// <summary>
    /// For a user's data file: the target column of a CSV (header name, or zero-based index), the target array of an
    /// NPZ,
    /// or the zero-based target column of a 2-d NPY array (negative counts from the end).
    /// </summary>
    public string? Target { get; set; }

    /// <summary>
    /// For a user's table: what the flags say about it (task, classes, columns, imputation, other files); for a
    /// dataset.json, settings given here override the file's. Its <see cref="DatasetDescription.Train"/> is unused.
    /// </summary>
    public DatasetDescription? Tabular { get; set; }

    /// <summary>For a user's NPZ archive: the name of the features array.</summary>
    public string FeaturesArray { get; set; } = "x";

    /// <summary>Bounds on image sizes and on inflated data, so a hostile file fails fast.</summary>
    public DataLimits Limits { get; set; } = new();

    /// <summary>Seed for generated datasets and for the train/test shuffle of tabular sets.</summary>
    public int Seed { get; set; }

    private static string FromEnvironment(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
