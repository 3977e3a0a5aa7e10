using System.Collections.Concurrent;

namespace Hydra.Core.Data.Images;

/// <summary>
/// Decodes chosen files of an image folder straight into one buffer (the split's features), in parallel, counting
/// the images that had to be resized or change channels; a bad file fails the whole read, naming the file.
/// </summary>
internal sealed class ImageRows(ImageShape shape, DataLimits limits)
{
    private int _resized;
    private int _converted;

    public ImageShape Shape { get; } = shape;

    /// <summary>A dataset of the files at <paramref name="rows"/> of <paramref name="files"/>, in that order.</summary>
    /// <exception cref="DatasetFormatException">A file cannot be read, or the images would not fit one buffer.
    /// </exception>
    public Dataset Read(ImageFiles files, IReadOnlyList<int> rows, string name, IReadOnlyList<string>? classes)
    {
        var size = (long)rows.Count * Shape.RowSize;
        if (size > Array.MaxLength)
        {
            throw new DatasetFormatException(files.Root, $"{rows.Count} images of {Shape} are {size} values, more "
                + "than one buffer holds: give a smaller --image-size or fewer images");
        }

        var values = new float[size];
        var errors = new ConcurrentBag<(int Row, Exception Error)>();
        Parallel.For(0, rows.Count, (n, loop) =>
        {
            try
            {
                var conversion = ImageDecoder.Decode(files.Paths[rows[n]], Shape, limits,
                    values.AsSpan(n * Shape.RowSize, Shape.RowSize));
                Count(conversion);
            }
            catch (Exception e) when (e is DatasetFormatException or IOException or UnauthorizedAccessException)
            {
                errors.Add((n, e));
                loop.Break();
            }
        });
        if (!errors.IsEmpty)
        {
            var (row, error) = errors.MinBy(e => e.Row);
            throw error as DatasetFormatException ?? new DatasetFormatException(files.Paths[rows[row]],
                $"cannot be read: {error.Message}", error);
        }

        var labels = files.Labels is { } all ? rows.Select(r => all[r]).ToArray() : null;
        return new Dataset(name, values, Shape.RowShape, labels, classNames: classes);
    }

    /// <summary>Lines for the person running: images resized or converted, and the files skipped.</summary>
    public IEnumerable<string> Notes(int skipped)
    {
        if (_resized > 0)
        {
            yield return $"{_resized} images were resized to {Shape.Width}x{Shape.Height}";
        }

        if (_converted > 0)
        {
            yield return $"{_converted} images were converted to {(Shape.Channels == 1 ? "grey" : "RGB")}";
        }

        if (skipped > 0)
        {
            yield return $"{skipped} files that are not PNG or JPEG images were left out";
        }
    }

    private void Count(ImageDecoder.Conversion conversion)
    {
        if (conversion.Resized)
        {
            Interlocked.Increment(ref _resized);
        }

        if (conversion.ChannelsChanged)
        {
            Interlocked.Increment(ref _converted);
        }
    }
}
