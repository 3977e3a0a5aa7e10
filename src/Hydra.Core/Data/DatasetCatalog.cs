using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Data;

/// <summary>The datasets the product knows by name, each with its splits, OOD sets and normalisation.</summary>
public static class DatasetCatalog
{
    public const string SpiralsName = "spirals";
    public const string FashionMnistName = "fashion-mnist";

    /// <summary>
    /// Fashion-MNIST for choosing settings: trains on the training split less a seeded validation split, evaluates on
    /// that split in the test set's place and on OOD sets made from it (<see cref="ValidationShifts"/>); neither the
    /// test set nor the reported OOD sets (digits, noise) are loaded.
    /// </summary>
    public const string FashionMnistSelectionName = "fashion-mnist-selection";
    public const int FashionMnistValidationCount = 10_000;
    public const int ValidationShiftCount = 2000;
    public const string ToyRegressionName = "toy-regression";
    public const string BostonName = "boston";
    public const string DiabetesName = "diabetes";

    public const int SpiralsTrainCount = 3000;
    public const int SpiralsTestCount = 1000;
    public const int SpiralsOodCount = 1000;

    /// <summary>The spirals' OOD set that shows what the method is for (see <see cref="SpiralsOodNotes"/>).</summary>
    public const string SpiralsFeaturedOod = "seams";
    public const int NoiseImageCount = 2000;
    public const int NoiseSeed = 123;
    public const int ToyRegressionTrainCount = 1000;
    public const int ToyRegressionTestCount = 500;
    public const int ToyRegressionOodCount = 500;

    /// <summary>
    /// Tabular sets keep floor(80%) of their rows, after a shuffle seeded by <see cref="DataOptions.Seed"/>, for
    /// training.
    /// </summary>
    public const double TabularTrainFraction = 0.8;

    public static IReadOnlyList<string> Names { get; } = [SpiralsName, FashionMnistName, FashionMnistSelectionName,
        ToyRegressionName, BostonName, DiabetesName];

    /// <summary>What each spirals OOD set shows; the report prints these under its OOD table.</summary>
    public static IReadOnlyDictionary<string, string> SpiralsOodNotes { get; } = new Dictionary<string, string>
    {
        ["seams"] = "featured: beyond the ends of the arms, where the boundary between two arms leaves the data and "
            + "the members draw it in different places",
        ["gaps"] = "between the arms, within the data's radius: noisy training points crowd each gap, so the "
            + "members disagree in part of it only and detection is partial",
        ["annulus"] = "known failure: far from all data a ReLU network's logits grow linearly with distance, so every "
            + "model, each member included, grows more confident there and the members agree (an AUROC below 0.5: "
            + "these points look more familiar than the test set); no ensemble of such models flags them",
    };

    public static IReadOnlyList<string> FashionMnistClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Fashion-MNIST pixel statistics after scaling to [0, 1].</summary>
    public static Normalization FashionMnistNormalization { get; } = new(0.2860f, 0.3530f);

    public static DatasetBundle Load(string name, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrainLimit is { } trainLimit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(trainLimit, nameof(options));
        }

        if (options.TestLimit is { } testLimit)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(testLimit, nameof(options));
        }

        return name.ToUpperInvariant() switch
        {
            "SPIRALS" => LoadSpirals(options),
            "FASHION-MNIST" => LoadFashionMnist(options),
            "FASHION-MNIST-SELECTION" => LoadFashionMnistSelection(options),
            "TOY-REGRESSION" => LoadToyRegression(options),
            "BOSTON" => LoadTabular(BostonName, SklearnRegression.Boston(options.SklearnDirectory), options),
            "DIABETES" => LoadTabular(DiabetesName, SklearnRegression.Diabetes(options.SklearnDirectory), options),
            _ when UserDatasets.Exists(name) => UserDatasets.Load(name, options),
            _ => throw Unknown(name),
        };
    }

    /// <summary>A path-like name is a missing file, anything else an unknown name; both list the names.</summary>
    private static DatasetNotFoundException Unknown(string name)
    {
        var known = $"Known datasets: {string.Join(", ", Names)}, or the path of a table (CSV, Parquet, NPZ, NPY), "
            + "an image folder, IDX images or a dataset.json.";
        var looksLikePath = name.Contains('/', StringComparison.Ordinal)
            || name.Contains('\\', StringComparison.Ordinal) || Path.HasExtension(name);
        return new DatasetNotFoundException(looksLikePath
            ? $"Dataset file '{name}' does not exist. {known}"
            : $"Unknown dataset '{name}'. {known}");
    }

    /// <summary>
    /// A user's table file (CSV/TSV, Parquet, NPZ, a 2-d NPY) with its label or target column (or array) named by
    /// <see cref="DataOptions.Target"/>; see <see cref="UserDatasets"/>.
    /// </summary>
    /// <exception cref="InvalidRequestException">No target was named.</exception>
    /// <exception cref="DatasetFormatException">The file type is not one of these, or cannot be read.</exception>
    public static DatasetBundle LoadFile(string path, DataOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        return UserDatasets.Load(path, options);
    }

    private static DatasetBundle LoadSpirals(DataOptions options)
    {
        var train = SyntheticDatasets.Spirals(Limit(SpiralsTrainCount, options.TrainLimit), DeriveSeed(options.Seed,
            1));
        var test = SyntheticDatasets.Spirals(Limit(SpiralsTestCount, options.TestLimit), DeriveSeed(options.Seed, 2));
        var ood = new Dictionary<string, Dataset>(StringComparer.Ordinal)
        {
            [SpiralsFeaturedOod] = SyntheticDatasets.SpiralSeams(SpiralsOodCount, DeriveSeed(options.Seed, 5)),
            ["gaps"] = SyntheticDatasets.SpiralGaps(SpiralsOodCount, DeriveSeed(options.Seed, 4)),
            ["annulus"] = SyntheticDatasets.SpiralsOod(SpiralsOodCount, DeriveSeed(options.Seed, 3)),
        };
        return new DatasetBundle(SpiralsName, train, test, ood, Normalization.Identity)
        {
            FeaturedOod = SpiralsFeaturedOod,
            OodNotes = SpiralsOodNotes,
        };
    }

    private static DatasetBundle LoadFashionMnist(DataOptions options)
    {
        var directory = options.FashionMnistDirectory;
        RequireFashionMnistFolder(directory);

        var train = Take(ReadFashionSplit(directory, "train", "fashion-mnist-train"), options.TrainLimit);
        var test = Take(ReadFashionSplit(directory, "t10k", "fashion-mnist-test"), options.TestLimit);

        var ood = new Dictionary<string, Dataset>(StringComparer.Ordinal);
        var digitsPath = Path.Combine(Path.GetFullPath(options.SklearnDirectory), "digits.csv.gz");
        if (File.Exists(digitsPath))
        {
            ood["digits"] = SklearnDigits.Load(digitsPath);
        }

        ood["noise"] = SyntheticDatasets.UniformNoiseImages(NoiseImageCount, NoiseSeed, [1, 28, 28]);
        return new DatasetBundle(FashionMnistName, train, test, ood, FashionMnistNormalization);
    }

    private static DatasetBundle LoadFashionMnistSelection(DataOptions options)
    {
        RequireFashionMnistFolder(options.FashionMnistDirectory);
        var all = ReadFashionSplit(options.FashionMnistDirectory, "train", "fashion-mnist-train");
        var order = Enumerable.Range(0, all.Count).ToArray();
        new Random(DeriveSeed(options.Seed, 6)).Shuffle(order);
        var held = FashionMnistValidationCount;
        var train = Take(all.Subset(order[held..], "fashion-mnist-train-less-validation"), options.TrainLimit);
        var validation = Take(all.Subset(order[..held], "fashion-mnist-validation"), options.TestLimit);
        var ood = ValidationShifts.All(validation, ValidationShiftCount, DeriveSeed(options.Seed, 7));
        return new DatasetBundle(FashionMnistSelectionName, train, validation, ood, FashionMnistNormalization)
        {
            Validation = validation,
        };
    }

    private static DatasetBundle LoadToyRegression(DataOptions options)
    {
        var train = SyntheticDatasets.CubicRegression(Limit(ToyRegressionTrainCount, options.TrainLimit),
            DeriveSeed(options.Seed, 1));
        var test = SyntheticDatasets.CubicRegression(Limit(ToyRegressionTestCount, options.TestLimit),
            DeriveSeed(options.Seed, 2));
        var ood = new Dictionary<string, Dataset>(StringComparer.Ordinal)
        {
            ["outside"] = SyntheticDatasets.CubicRegressionOutside(ToyRegressionOodCount, DeriveSeed(options.Seed, 3)),
        };
        return RegressionBundle(ToyRegressionName, train, test, ood);
    }

    /// <summary>
    /// A seeded shuffle split into floor(80%) training rows and the rest for testing, then the limits.
    /// </summary>
    private static DatasetBundle LoadTabular(string name, Dataset all, DataOptions options)
    {
        var order = Enumerable.Range(0, all.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var trainCount = (int)Math.Floor(all.Count * TabularTrainFraction);
        var train = Take(all.Subset(order[..trainCount], $"{name}-train"), options.TrainLimit);
        var test = Take(all.Subset(order[trainCount..], $"{name}-test"), options.TestLimit);
        return RegressionBundle(name, train, test, new Dictionary<string, Dataset>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Feature and target statistics come from the training rows alone, so nothing about the test set leaks in
    /// (none when a limit of 0 leaves no training rows).
    /// </summary>
    private static DatasetBundle RegressionBundle(string name, Dataset train, Dataset test, IReadOnlyDictionary<string,
        Dataset> ood) =>
        new(name, train, test, ood, Normalization.Identity)
        {
            Task = ModelTask.Regression,
            FeatureNormalization = train.Count > 0 ? FeatureNormalization.Fit(train) : null,
            TargetScaling = train.Count > 0 ? TargetScaling.Fit(train.Targets) : null,
        };

    private static void RequireFashionMnistFolder(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DatasetUnavailableException(
                $"Fashion-MNIST folder '{directory}' not found. Run `apt-get install dataset-fashion-mnist` " +
                $"or set {DataOptions.FashionMnistVariable} to a folder with the four IDX files.");
        }
    }

    private static Dataset ReadFashionSplit(string directory, string prefix, string name)
    {
        var images = RequireFile(directory, $"{prefix}-images-idx3-ubyte.gz");
        var labels = RequireFile(directory, $"{prefix}-labels-idx1-ubyte.gz");
        return IdxReader.ReadDataset(name, images, labels, FashionMnistClassNames);
    }

    private static string RequireFile(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            throw new DatasetUnavailableException(
                $"Fashion-MNIST file '{path}' not found. Run `apt-get install dataset-fashion-mnist` " +
                $"or set {DataOptions.FashionMnistVariable} to a folder with the four IDX files.");
        }

        return path;
    }

    private static int Limit(int count, int? limit) => limit is { } n ? Math.Min(count, n) : count;

    private static Dataset Take(Dataset dataset, int? limit) =>
        limit is { } n && n < dataset.Count ? dataset.Subset(Enumerable.Range(0, n).ToArray()) : dataset;

    /// <summary>Independent-looking seeds for the splits of one run (a SplitMix64 step over seed and stream).</summary>
    private static int DeriveSeed(int seed, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 8) + (ulong)stream + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)(z ^ (z >> 31));
        }
    }
}
