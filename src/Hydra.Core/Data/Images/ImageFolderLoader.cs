using System.Globalization;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;

namespace Hydra.Core.Data.Images;

/// <summary>
/// A user's image folder as a classification bundle: one sub-folder per class (classes sorted, or as listed), every
/// image converted to one shape (asked for, else the first image's) and decoded straight into its split's buffer. The
/// folder may instead hold train/, test/ and validation/ sub-folders of that layout; without a test folder a seeded
/// share of each class is held out, as for tables. The pixels are scaled to [0, 1] as for Fashion-MNIST's IDX files
/// and standardised by the mean and deviation of the training pixels.
/// </summary>
public static class ImageFolderLoader
{
    private static readonly string[] SplitFolders = ["train", "test", "validation"];

    /// <summary>Whether <paramref name="folder"/> holds train/ (and test/, validation/) rather than classes.</summary>
    public static bool HasSplitFolders(string folder)
    {
        var names = Directory.EnumerateDirectories(folder).Select(Path.GetFileName)
            .Where(n => !n!.StartsWith('.')).ToList();
        return names.Contains("train") && names.All(n => SplitFolders.Contains(n));
    }

    /// <exception cref="DatasetFormatException">A folder or image that cannot be used (named).</exception>
    public static DatasetBundle Load(DatasetDescription description, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(options);
        var root = description.Train!;
        var split = HasSplitFolders(root);
        var testRoot = description.Test ?? (split ? Existing(Path.Combine(root, "test")) : null);
        var validationRoot = description.Validation ?? (split ? Existing(Path.Combine(root, "validation")) : null);
        var files = ImageFiles.Labelled(split ? Path.Combine(root, "train") : root, description.Classes);
        var classes = files.Classes!;
        var shape = ImageShape.Choose(description.ImageSize, description.Channels, FirstHeader(files, options));
        var name = description.Name ?? FolderName(root);

        var all = Enumerable.Range(0, files.Count).ToArray();
        // Seeded and shuffled even without a held-out share, so that a row limit takes every class.
        var (trainRows, testRows) = TabularSplit.Split(all, files.Labels, testRoot is null ? description.TestFraction
            : 0, options.Seed);
        int[] validationRows = [];
        if (validationRoot is null && description.ValidationFraction > 0)
        {
            (trainRows, validationRows) = TabularSplit.Split(trainRows, files.Labels, description.ValidationFraction,
                options.Seed + 1);
        }

        var rows = new ImageRows(shape, options.Limits);
        var train = rows.Read(files, Take(trainRows, options.TrainLimit), $"{name}-train", classes);
        var test = testRoot is null
            ? rows.Read(files, Take(testRows, options.TestLimit), $"{name}-test", classes)
            : ReadAll(rows, ImageFiles.Labelled(testRoot, classes), $"{name}-test", classes, options);
        Dataset? validation = validationRoot is not null
            ? ReadAll(rows, ImageFiles.Labelled(validationRoot, classes), $"{name}-validation", classes, null)
            : validationRows.Length > 0 ? rows.Read(files, validationRows, $"{name}-validation", classes) : null;
        var ood = description.Ood.ToDictionary(o => o.Key,
            o => ReadAll(rows, ImageFiles.Unlabelled(o.Value), o.Key, classes, null), StringComparer.Ordinal);

        var summary = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["images"] = string.Create(CultureInfo.InvariantCulture, $"{train.Count} training images of {shape}"),
        };
        ClassBalance.Describe(classes, train.Labels!, summary);
        var notes = rows.Notes(files.Skipped).Concat(summary.Select(s => $"{s.Key}: {s.Value}")).ToList();
        return new DatasetBundle(name, train, test, ood, FitNormalization(train))
        {
            Task = ModelTask.Classification,
            Validation = validation,
            Notes = notes,
            Summary = summary,
        };
    }

    /// <summary>
    /// The mean and population deviation of every training pixel (a deviation of 0, from constant images, becomes 1).
    /// </summary>
    public static Normalization FitNormalization(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Features.Length == 0)
        {
            return Normalization.Identity;
        }

        double sum = 0;
        foreach (var value in train.Features)
        {
            sum += value;
        }

        var mean = sum / train.Features.Length;
        double squares = 0;
        foreach (var value in train.Features)
        {
            squares += (value - mean) * (value - mean);
        }

        var std = Math.Sqrt(squares / train.Features.Length);
        return new Normalization((float)mean, std > 0 ? (float)std : 1f);
    }

    /// <summary>The folder's own name ("fashion" for /data/fashion/).</summary>
    public static string FolderName(string folder) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

    private static ImageHeader FirstHeader(ImageFiles files, DataOptions options)
    {
        var path = files.Paths[0];
        var length = new FileInfo(path).Length;
        var bytes = new byte[Math.Min(length, 1 << 16)];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        }

        return ImageHeader.Read(path, bytes, options.Limits);
    }

    /// <summary>A whole folder; with the test limit, that many of its images in a seeded order.</summary>
    private static Dataset ReadAll(ImageRows rows, ImageFiles files, string name, IReadOnlyList<string> classes,
        DataOptions? limited)
    {
        var all = Enumerable.Range(0, files.Count).ToArray();
        if (limited?.TestLimit is { } limit && limit < all.Length)
        {
            all = Take(TabularSplit.Split(all, files.Labels, 0, limited.Seed).Kept, limit);
        }

        return rows.Read(files, all, name, classes);
    }

    private static string? Existing(string folder) => Directory.Exists(folder) ? folder : null;

    private static int[] Take(int[] rows, int? limit) => limit is { } n && n < rows.Length ? rows[..n] : rows;
}
