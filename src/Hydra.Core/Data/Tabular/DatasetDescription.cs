using System.Text.Json;
using Hydra.Core.Models;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// dataset.json: a user's table and how to learn from it (files, task, label column, classes, columns left out,
/// imputation, splits, OOD sets). <c>hydra data inspect --write</c> drafts one; <c>hydra run --dataset</c> takes it in
/// place of the flags. File paths are relative to the folder that holds the description.
/// </summary>
public sealed record DatasetDescription
{
    public const int CurrentFormatVersion = 1;

    public const string FileName = "dataset.json";

    /// <summary>The held-out share of the built-in tables (1 − <see cref="DatasetCatalog.TabularTrainFraction"/>).
    /// </summary>
    public const double DefaultTestFraction = 0.2;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The dataset's name in cards and reports (default: the training file's name).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The training data, split for testing unless <see cref="Test"/> is given: a table (CSV/TSV, plain or gzip;
    /// Parquet; NPZ with arrays x and y), an image folder (one sub-folder per class, or train/ and test/ sub-folders
    /// of that layout), or an IDX images file (its labels file beside it) or a folder of IDX pairs.
    /// </summary>
    public string? Train { get; init; }

    /// <summary>
    /// For a features .npy: its labels .npy (default: the file beside it, y.npy for x.npy, y_test.npy for x_test.npy,
    /// labels.npy for features.npy).
    /// </summary>
    public string? Labels { get; init; }

    public string? Test { get; init; }

    public string? Validation { get; init; }

    /// <summary>Out-of-distribution sets by name: files with the same feature columns (labels not needed).</summary>
    public IReadOnlyDictionary<string, string> Ood { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The label (classification) or target (regression) column: a header name or a zero-based index.
    /// </summary>
    public string? Target { get; init; }

    /// <summary>Classification or regression; inferred when the label column says (text means classes).</summary>
    public ModelTask? Task { get; init; }

    /// <summary>The classes in the order the model outputs them (default: the labels, sorted).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Columns left out of the features.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The only feature columns, in this order (default: every usable column but the label).</summary>
    public IReadOnlyList<string>? Features { get; init; }

    public ImputeStrategy Impute { get; init; }

    /// <summary>Images: the size every image is resized to, "WIDTHxHEIGHT" (default: the first image's).</summary>
    public string? ImageSize { get; init; }

    /// <summary>Images: 1 (grey) or 3 (RGB) channels (default: the first image's).</summary>
    public int? Channels { get; init; }

    /// <summary>Without a test file: the share of rows held out for testing (seeded; per class for classes).</summary>
    public double TestFraction { get; init; } = DefaultTestFraction;

    /// <summary>Without a validation file: the share of training rows held out for validation (0: none).</summary>
    public double ValidationFraction { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, HydraJson.Options);

    /// <summary>Reads a description and makes its file paths absolute (relative ones from its folder).</summary>
    /// <exception cref="DatasetFormatException">Not valid JSON, or no training file.</exception>
    public static DatasetDescription Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DatasetDescription description;
        try
        {
            description = JsonSerializer.Deserialize<DatasetDescription>(File.ReadAllText(path), HydraJson.Options)
                ?? throw new DatasetFormatException(path, "the description is null");
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(path, $"not a valid dataset description: {e.Message}", e);
        }

        if (description.FormatVersion > CurrentFormatVersion)
        {
            throw new DatasetFormatException(path, $"format version {description.FormatVersion} is newer than this "
                + $"tool reads ({CurrentFormatVersion})");
        }

        if (string.IsNullOrWhiteSpace(description.Train))
        {
            throw new DatasetFormatException(path, "\"train\" must name the training file");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? file) => file is null ? null : Path.GetFullPath(file, folder);
        return description with
        {
            Train = Resolve(description.Train),
            Labels = Resolve(description.Labels),
            Test = Resolve(description.Test),
            Validation = Resolve(description.Validation),
            Ood = description.Ood.ToDictionary(o => o.Key, o => Resolve(o.Value)!, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// This description with every setting that <paramref name="flags"/> gives replaced by the flag's.
    /// </summary>
    public DatasetDescription OverriddenBy(DatasetDescription? flags) => flags is null ? this : this with
    {
        Name = flags.Name ?? Name,
        Labels = flags.Labels ?? Labels,
        Test = flags.Test ?? Test,
        Validation = flags.Validation ?? Validation,
        Ood = flags.Ood.Count > 0 ? flags.Ood : Ood,
        Target = flags.Target ?? Target,
        Task = flags.Task ?? Task,
        Classes = flags.Classes ?? Classes,
        Exclude = flags.Exclude.Count > 0 ? flags.Exclude : Exclude,
        Features = flags.Features ?? Features,
        Impute = flags.Impute != ImputeStrategy.None ? flags.Impute : Impute,
        ImageSize = flags.ImageSize ?? ImageSize,
        Channels = flags.Channels ?? Channels,
        ValidationFraction = flags.ValidationFraction > 0 ? flags.ValidationFraction : ValidationFraction,
    };
}
