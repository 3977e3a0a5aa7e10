namespace Hydra.Core.Data;

/// <summary>Where dataset files live and how much of each split to load.</summary>
public sealed class DataOptions
{
    public const string DefaultFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";
    public const string DefaultSklearnDirectory = "data/sklearn";
    public const string FashionMnistVariable = "HYDRA_FASHION_MNIST";
    public const string SklearnVariable = "HYDRA_SKLEARN_DATA";

    /// <summary>The folder with the four Fashion-MNIST IDX files; HYDRA_FASHION_MNIST overrides the default.</summary>
    public string FashionMnistDirectory { get; set; } = FromEnvironment(FashionMnistVariable, DefaultFashionMnistDirectory);

    /// <summary>
    /// The folder with scikit-learn's data files (relative paths are taken from the current directory);
    /// HYDRA_SKLEARN_DATA overrides the default.
    /// </summary>
    public string SklearnDirectory { get; set; } = FromEnvironment(SklearnVariable, DefaultSklearnDirectory);

    /// <summary>When set, only the first N training rows are loaded (for quick runs).</summary>
    public int? TrainLimit { get; set; }

    /// <summary>When set, only the first N test rows are loaded (for quick runs).</summary>
    public int? TestLimit { get; set; }

    /// <summary>Seed for generated datasets.</summary>
    public int Seed { get; set; }

    private static string FromEnvironment(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
