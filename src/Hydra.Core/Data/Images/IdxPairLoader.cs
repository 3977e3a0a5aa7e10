using System.Globalization;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Errors;
using Hydra.Core.Models;

namespace Hydra.Core.Data.Images;

/// <summary>
/// A user's IDX files (the MNIST format, gzip or plain) as a classification bundle: an images file names its labels
/// file by the MNIST naming (train-images-idx3-ubyte → train-labels-idx1-ubyte, beside it), and a folder of such pairs
/// holds train-* and t10k-* (or test-*) files. Labels are class indices; classes are named by --classes, else "0",
/// "1", …. Pixels are scaled and standardised as for an image folder.
/// </summary>
public static class IdxPairLoader
{
    private const string ImagesMarker = "images-idx3-ubyte";

    /// <summary>Whether the file is named as an IDX images file (…images-idx3-ubyte, optionally .gz).</summary>
    public static bool IsImagesFile(string path) =>
        Path.GetFileName(path).Contains(ImagesMarker, StringComparison.OrdinalIgnoreCase) && File.Exists(path);

    /// <summary>The images file of the given split prefix in a folder of IDX pairs, or null.</summary>
    public static string? InFolder(string folder, params string[] prefixes) => prefixes
        .SelectMany(p => new[] { $"{p}-{ImagesMarker}.gz", $"{p}-{ImagesMarker}" })
        .Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);

    /// <exception cref="DatasetFormatException">A file that cannot be read, or labels beyond the classes.</exception>
    /// <exception cref="InvalidRequestException">An image size or channel count asked for (IDX rows are kept as they
    /// are).</exception>
    public static DatasetBundle Load(DatasetDescription description, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(options);
        if (description.ImageSize is not null || description.Channels is not null)
        {
            throw new InvalidRequestException("IDX images are read at their own size and as grey: leave out "
                + "--image-size and --channels (\"imageSize\", \"channels\").");
        }

        var root = description.Train!;
        var folder = Directory.Exists(root);
        var trainImages = folder ? InFolder(root, "train") ?? throw new DatasetFormatException(root,
            $"no train-{ImagesMarker}[.gz] in the folder") : root;
        var testImages = description.Test ?? (folder ? InFolder(root, "t10k", "test") : null);
        var name = description.Name ?? (folder ? ImageFolderLoader.FolderName(root) : TabularLoader.NameOf(root));
        var all = Read(trainImages, $"{name}-train", description.Classes, options.Limits);
        var classes = all.ClassNames!;
        Dataset train;
        Dataset test;
        if (testImages is null)
        {
            var (trainRows, testRows) = TabularSplit.Split(Enumerable.Range(0, all.Count).ToArray(), all.Labels,
                description.TestFraction, options.Seed);
            train = all.Subset(trainRows, $"{name}-train");
            test = all.Subset(testRows, $"{name}-test");
        }
        else
        {
            train = all;
            test = Read(testImages, $"{name}-test", classes, options.Limits);
        }

        train = Take(train, options.TrainLimit);
        var ood = description.Ood.ToDictionary(o => o.Key, o => Ood(o.Key, o.Value, train.RowShape, classes,
            options.Limits), StringComparer.Ordinal);
        var summary = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["images"] = string.Create(CultureInfo.InvariantCulture,
                $"{train.Count} training images of 1 × {train.RowShape[1]} × {train.RowShape[2]} (IDX)"),
        };
        ClassBalance.Describe(classes, train.Labels!, summary);
        return new DatasetBundle(name, train, Take(test, options.TestLimit), ood,
            ImageFolderLoader.FitNormalization(train))
        {
            Task = ModelTask.Classification,
            Notes = [.. summary.Select(s => $"{s.Key}: {s.Value}")],
            Summary = summary,
        };
    }

    /// <summary>The labels file of an images file: "images-idx3" becomes "labels-idx1", with or without .gz.</summary>
    public static string LabelsFor(string imagesPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(imagesPath))!;
        var file = Path.GetFileName(imagesPath);
        var at = file.IndexOf(ImagesMarker, StringComparison.OrdinalIgnoreCase);
        var stem = file[..at] + "labels-idx1-ubyte";
        return new[] { stem + ".gz", stem }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists)
            ?? throw new DatasetFormatException(imagesPath, $"no labels file beside it (expected {stem}[.gz])");
    }

    private static Dataset Read(string images, string name, IReadOnlyList<string>? classes, DataLimits limits)
    {
        if (!File.Exists(images))
        {
            throw new DatasetNotFoundException($"IDX images file '{images}' does not exist.");
        }

        var labelsPath = LabelsFor(images);
        var labels = IdxReader.ReadLabels(labelsPath, limits);
        var names = classes ?? [.. Enumerable.Range(0, labels.Length == 0 ? 0 : labels.Max() + 1)
            .Select(i => i.ToString(CultureInfo.InvariantCulture))];
        return IdxReader.ReadDataset(name, images, labelsPath, names, limits);
    }

    /// <summary>An IDX images file as an OOD set; its images must be the training images' size.</summary>
    private static Dataset Ood(string name, string path, int[] rowShape, IReadOnlyList<string> classes,
        DataLimits limits)
    {
        var images = IdxReader.ReadImages(path, limits);
        if (images.Rows != rowShape[1] || images.Cols != rowShape[2])
        {
            throw new DatasetFormatException(path, $"images of {images.Cols}x{images.Rows}, but the training images "
                + $"are {rowShape[2]}x{rowShape[1]}");
        }

        return new Dataset(name, images.Pixels, rowShape, classNames: classes);
    }

    private static Dataset Take(Dataset dataset, int? limit) =>
        limit is { } n && n < dataset.Count ? dataset.Subset(Enumerable.Range(0, n).ToArray()) : dataset;
}
