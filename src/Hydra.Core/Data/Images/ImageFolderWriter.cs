using System.Globalization;
using SkiaSharp;

namespace Hydra.Core.Data.Images;

/// <summary>
/// Writes IDX images (the MNIST format) as an image folder of grey PNGs, one sub-folder per class: the layout the
/// image folder loader reads. PNG is lossless, so reading the folder back gives the IDX pixels exactly.
/// </summary>
public static class ImageFolderWriter
{
    /// <summary>
    /// Writes image i to {output}/{class}/{i:D5}.png; <paramref name="classes"/> names the folders by label (default
    /// "0", "1", …). Returns the number of images written.
    /// </summary>
    /// <exception cref="DatasetFormatException">The IDX files cannot be read, or a label has no class name.</exception>
    public static int WriteIdx(string imagesPath, string output, IReadOnlyList<string>? classes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var labels = IdxReader.ReadLabels(IdxPairLoader.LabelsFor(imagesPath));
        var names = classes ?? [.. Enumerable.Range(0, labels.Length == 0 ? 0 : labels.Max() + 1)
            .Select(i => i.ToString(CultureInfo.InvariantCulture))];
        var dataset = IdxReader.ReadDataset("idx", imagesPath, IdxPairLoader.LabelsFor(imagesPath), names);
        var (height, width) = (dataset.RowShape[1], dataset.RowShape[2]);
        foreach (var name in names)
        {
            if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            {
                throw new ArgumentException($"Class name '{name}' cannot be a folder name.", nameof(classes));
            }

            Directory.CreateDirectory(Path.Combine(output, name));
        }

        var digits = Math.Max(5, dataset.Count.ToString(CultureInfo.InvariantCulture).Length);
        Parallel.For(0, dataset.Count, i =>
        {
            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
            var pixels = bitmap.GetPixelSpan();
            var row = dataset.Row(i);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    pixels[(y * bitmap.RowBytes) + x] = (byte)MathF.Round(row[(y * width) + x] * 255f);
                }
            }

            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            var file = i.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".png";
            using var stream = File.Create(Path.Combine(output, names[dataset.Labels![i]], file));
            data.SaveTo(stream);
        });
        return dataset.Count;
    }
}
