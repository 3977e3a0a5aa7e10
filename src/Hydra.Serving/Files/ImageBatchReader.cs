using Hydra.Core.Data;
using Hydra.Core.Data.Images;
using Hydra.Core.Errors;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Files;

/// <summary>
/// Reads images to score (<c>hydra score --input FOLDER|IMAGE</c>): every PNG or JPEG below a folder (sorted by
/// relative path), or one image, decoded, converted to the model's [C, H, W] input as training converted them, and
/// named by their path relative to the folder.
/// </summary>
public static class ImageBatchReader
{
    /// <summary>Whether <paramref name="path"/> is a folder or names an image file.</summary>
    public static bool IsImageInput(string path) => Directory.Exists(path) || ImageHeader.IsImageFile(path);

    /// <exception cref="InvalidInputException">The model does not take images.</exception>
    /// <exception cref="DatasetFormatException">An image that cannot be read (named).</exception>
    public static (IReadOnlyList<float[]> Rows, IReadOnlyList<string> Names) Read(string path, int[] inputShape,
        DataLimits limits)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(limits);
        if (inputShape is not [var channels and (1 or 3), var height, var width])
        {
            throw new InvalidInputException($"The model takes rows of [{string.Join(", ", inputShape)}], not images "
                + "of [channels, height, width]: score a .csv, .npy or .json file of rows.");
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InputNotFoundException("Input image or folder", path);
        }

        var files = ImageFiles.Unlabelled(path);
        var shape = new ImageShape(channels, height, width);
        var rows = new float[files.Count][];
        for (var i = 0; i < files.Count; i++)
        {
            rows[i] = new float[shape.RowSize];
            ImageDecoder.Decode(files.Paths[i], shape, limits, rows[i]);
        }

        return (rows, [.. Enumerable.Range(0, files.Count).Select(files.RelativeName)]);
    }
}
