using System.Globalization;
using Hydra.Core.Data.Tabular;

namespace Hydra.Core.Data.Images;

/// <summary>
/// What the loader finds in an image folder (or an IDX pair) before anything is decoded: images per class, the sizes
/// and channel counts their headers declare, files it would skip; and a dataset.json draft that trains on it.
/// </summary>
public sealed record ImageInspection(string Path, int Images, IReadOnlyList<KeyValuePair<string, int>> ClassCounts,
    ImageHeader First)
{
    private static readonly string[] OtherSplitNames = ["test", "validation"];

    /// <summary>How many images declare each size and channel count ("28x28 grey": 70000).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Sizes { get; init; } = [];

    public int Skipped { get; init; }

    /// <summary>Images in the test and validation folders of a train/test layout, when there are any.</summary>
    public IReadOnlyDictionary<string, int> OtherSplits { get; init; } = new Dictionary<string, int>();

    /// <exception cref="DatasetFormatException">A folder or header that cannot be used.</exception>
    public static ImageInspection Inspect(string path, DataLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (IdxPairLoader.IsImagesFile(path) || (Directory.Exists(path) && IdxPairLoader.InFolder(path, "train")
            is not null))
        {
            return InspectIdx(path, limits);
        }

        var split = ImageFolderLoader.HasSplitFolders(path);
        var files = ImageFiles.Labelled(split ? System.IO.Path.Combine(path, "train") : path, null);
        var headers = files.Paths.Select(p => Header(p, limits)).ToList();
        var sizes = headers.GroupBy(Describe).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ToList();
        var others = split ? OtherSplitNames.Where(s => Directory.Exists(System.IO.Path.Combine(path, s)))
            .ToDictionary(s => s, s => ImageFiles.Labelled(System.IO.Path.Combine(path, s), files.Classes).Count,
                StringComparer.Ordinal) : [];
        return new ImageInspection(path, files.Count, Counts(files.Classes!, files.Labels!), headers[0])
        {
            Sizes = sizes,
            Skipped = files.Skipped,
            OtherSplits = others,
        };
    }

    /// <summary>A dataset.json that trains on the folder as inspected, at the first image's size and channels.
    /// </summary>
    public DatasetDescription Draft(string descriptionFolder)
    {
        var full = System.IO.Path.GetFullPath(Path);
        var relative = System.IO.Path.GetRelativePath(descriptionFolder, full);
        var idx = First.Format == "IDX";
        return new DatasetDescription
        {
            Name = Directory.Exists(full) ? ImageFolderLoader.FolderName(full) : TabularLoader.NameOf(full),
            Train = relative.StartsWith("..", StringComparison.Ordinal) ? full : relative,
            Classes = [.. ClassCounts.Select(c => c.Key)],
            ImageSize = idx ? null : FormattableString.Invariant($"{First.Width}x{First.Height}"),
            Channels = idx ? null : First.Channels,
        };
    }

    /// <summary>"28x28 grey", "32x32 RGB".</summary>
    public static string Describe(ImageHeader header) => string.Create(CultureInfo.InvariantCulture,
        $"{header.Width}x{header.Height} {(header.Channels == 1 ? "grey" : "RGB")}");

    /// <summary>The header of an image file, from its first 64 KiB (or all of it, for a JPEG with large metadata).
    /// </summary>
    public static ImageHeader Header(string path, DataLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var stream = File.OpenRead(path);
        var head = new byte[Math.Min(stream.Length, 1 << 16)];
        stream.ReadExactly(head);
        try
        {
            return ImageHeader.Read(path, head, limits);
        }
        catch (DatasetFormatException) when (head.Length < stream.Length && stream.Length <= limits.MaxImageBytes)
        {
            return ImageHeader.Read(path, File.ReadAllBytes(path), limits);
        }
    }

    private static ImageInspection InspectIdx(string path, DataLimits limits)
    {
        var images = Directory.Exists(path) ? IdxPairLoader.InFolder(path, "train")! : path;
        var labels = IdxReader.ReadLabels(IdxPairLoader.LabelsFor(images), limits);
        var read = IdxReader.ReadImages(images, limits);
        var classes = Enumerable.Range(0, labels.Length == 0 ? 0 : labels.Max() + 1)
            .Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var header = new ImageHeader("IDX", read.Cols, read.Rows, 1);
        var test = Directory.Exists(path) ? IdxPairLoader.InFolder(path, "t10k", "test") : null;
        return new ImageInspection(path, read.Count, Counts(classes, labels), header)
        {
            Sizes = [KeyValuePair.Create(Describe(header), read.Count)],
            OtherSplits = test is null ? [] : new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["test"] = IdxReader.ReadLabels(IdxPairLoader.LabelsFor(test), limits).Length,
            },
        };
    }

    private static List<KeyValuePair<string, int>> Counts(IReadOnlyList<string> classes, int[] labels)
    {
        var counts = new int[classes.Count];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return [.. classes.Select((c, i) => KeyValuePair.Create(c, counts[i]))];
    }
}
