namespace Hydra.Core.Data.Images;

/// <summary>
/// The image files of a folder, in a stable order: in the ImageFolder layout (one sub-folder per class, images
/// anywhere below it) with each file's class, or every image below a folder without labels. Files that are not PNG or
/// JPEG are skipped and counted; hidden files and folders (a leading dot) are ignored.
/// </summary>
public sealed record ImageFiles(string Root, IReadOnlyList<string> Paths, int[]? Labels, IReadOnlyList<string>? Classes)
{
    /// <summary>Files that are not PNG or JPEG, left out.</summary>
    public int Skipped { get; init; }

    public int Count => Paths.Count;

    /// <summary>
    /// One class per sub-folder: the sub-folders' names sorted ordinally, or <paramref name="classes"/> in the order
    /// given (a sub-folder not among them is an error; a class without a sub-folder has no images).
    /// </summary>
    /// <exception cref="DatasetNotFoundException">No such folder.</exception>
    /// <exception cref="DatasetFormatException">No class sub-folders, an empty one, or one not among the classes.
    /// </exception>
    public static ImageFiles Labelled(string root, IReadOnlyList<string>? classes)
    {
        RequireFolder(root);
        var folders = Visible(Directory.EnumerateDirectories(root)).ToList();
        if (folders.Count == 0)
        {
            throw new DatasetFormatException(root, "no class sub-folders: put each class's images in a sub-folder "
                + "named after the class (root/cat/1.png, root/dog/2.jpg)");
        }

        var names = classes?.ToList() ?? [.. folders.Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        var index = names.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var paths = new List<string>();
        var labels = new List<int>();
        var skipped = Directory.EnumerateFiles(root).Count(f => !Hidden(f));
        foreach (var folder in folders.OrderBy(f => index.GetValueOrDefault(Path.GetFileName(f)!, -1)))
        {
            var name = Path.GetFileName(folder)!;
            if (!index.TryGetValue(name, out var label))
            {
                throw new DatasetFormatException(root, $"sub-folder '{name}' is not one of the classes "
                    + string.Join(", ", names));
            }

            var (images, others) = Below(folder);
            if (images.Count == 0)
            {
                throw new DatasetFormatException(folder, $"class folder '{name}' holds no PNG or JPEG images");
            }

            paths.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Count));
            skipped += others;
        }

        return new ImageFiles(root, paths, [.. labels], names) { Skipped = skipped };
    }

    /// <summary>Every image below <paramref name="path"/>, or the one image it names; no labels.</summary>
    /// <exception cref="DatasetNotFoundException">No such file or folder.</exception>
    /// <exception cref="DatasetFormatException">A folder without images, or a file that is not PNG or JPEG.
    /// </exception>
    public static ImageFiles Unlabelled(string path)
    {
        if (File.Exists(path))
        {
            return ImageHeader.IsImageFile(path) ? new ImageFiles(path, [path], null, null)
                : throw new DatasetFormatException(path, "not a .png, .jpg or .jpeg file");
        }

        RequireFolder(path);
        var (images, others) = Below(path);
        return images.Count > 0 ? new ImageFiles(path, images, null, null) { Skipped = others }
            : throw new DatasetFormatException(path, "the folder holds no PNG or JPEG images");
    }

    /// <summary>A file's path relative to the root, with '/' separators (how predictions name it).</summary>
    public string RelativeName(int index) => File.Exists(Root) ? Path.GetFileName(Paths[index])
        : Path.GetRelativePath(Root, Paths[index]).Replace(Path.DirectorySeparatorChar, '/');

    private static void RequireFolder(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DatasetNotFoundException($"Image folder '{root}' does not exist.");
        }
    }

    /// <summary>The images below a folder sorted by relative path, and how many other files there are.</summary>
    private static (List<string> Images, int Others) Below(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(Hidden))
            .ToList();
        var images = files.Where(ImageHeader.IsImageFile)
            .OrderBy(f => Path.GetRelativePath(folder, f), StringComparer.Ordinal).ToList();
        return (images, files.Count - images.Count);
    }

    private static IEnumerable<string> Visible(IEnumerable<string> paths) => paths.Where(p => !Hidden(p));

    private static bool Hidden(string path) => Path.GetFileName(path).StartsWith('.');
}
