using Hydra.Core.Data.Images;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;

namespace Hydra.Core.Data;

/// <summary>
/// A user's dataset named by path: a dataset.json (or a folder holding one), an image folder (or a folder of IDX
/// pairs), an IDX images file, or a table (CSV/TSV, Parquet, NPZ, a 2-d NPY). The flags in
/// <see cref="DataOptions.Tabular"/> describe it, or override what a dataset.json says.
/// </summary>
public static class UserDatasets
{
    /// <summary>Whether <paramref name="path"/> names something this loads (an existing file or folder).</summary>
    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <exception cref="InvalidRequestException">A table without its label column, or settings that do not fit.
    /// </exception>
    /// <exception cref="DatasetFormatException">A file that cannot be read (named, with its row and column).
    /// </exception>
    public static DatasetBundle Load(string path, DataOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Limits.Validate();
        var flags = options.Tabular ?? new DatasetDescription();
        // A folder that holds a dataset.json is described by it (as a dataset uploaded with its description is).
        var json = Directory.Exists(path) && File.Exists(Path.Combine(path, DatasetDescription.FileName))
            ? Path.Combine(path, DatasetDescription.FileName)
            : path;
        var description = File.Exists(json) && json.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? DatasetDescription.Read(json).OverriddenBy(options.Tabular)
            : flags with { Train = path, Target = flags.Target ?? options.Target };
        return Load(description, options);
    }

    /// <summary>The dataset a description names, read by the kind of its training data.</summary>
    public static DatasetBundle Load(DatasetDescription description, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(options);
        var train = description.Train ?? throw new InvalidRequestException("The dataset names no training data.");
        if (Directory.Exists(train))
        {
            return IdxPairLoader.InFolder(train, "train") is not null
                ? IdxPairLoader.Load(description, options)
                : ImageFolderLoader.Load(description, options);
        }

        if (!File.Exists(train))
        {
            throw new DatasetNotFoundException($"Dataset file or folder '{train}' does not exist.");
        }

        if (IdxPairLoader.IsImagesFile(train))
        {
            return IdxPairLoader.Load(description, options);
        }

        if (!TableReader.IsTable(train))
        {
            throw new DatasetFormatException(train, "data files must be tables (.csv, .tsv, .txt, each optionally "
                + ".gz; .parquet; .npz; .npy), IDX images (…-images-idx3-ubyte[.gz]) or a dataset.json; images "
                + "go in a folder with one sub-folder per class");
        }

        return TabularLoader.Load(description with { Target = description.Target ?? options.Target }, options);
    }
}
