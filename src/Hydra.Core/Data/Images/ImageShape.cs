using System.Globalization;
using Hydra.Core.Errors;

namespace Hydra.Core.Data.Images;

/// <summary>The channels (1 grey, 3 RGB) and size every image of a dataset is converted to: a row [C, H, W].</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>The largest side accepted for the converted images.</summary>
    public const int MaxSide = 4096;

    public int[] RowShape => [Channels, Height, Width];

    public int RowSize => Channels * Height * Width;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Channels} × {Height} × {Width} ({(Channels == 1 ? "grey" : "RGB")}, {Width}x{Height})");

    /// <summary>
    /// The shape the user asked for (<paramref name="size"/> "WIDTHxHEIGHT", <paramref name="channels"/> 1 or 3), the
    /// rest taken from <paramref name="first"/>, the first image's header.
    /// </summary>
    /// <exception cref="InvalidRequestException">A size or channel count that cannot be used.</exception>
    public static ImageShape Choose(string? size, int? channels, ImageHeader first)
    {
        var (width, height) = size is null ? (first.Width, first.Height) : ParseSize(size);
        var count = channels ?? first.Channels;
        if (count is not (1 or 3))
        {
            throw new InvalidRequestException($"--channels {count}: give 1 (grey) or 3 (RGB).");
        }

        if (width > MaxSide || height > MaxSide)
        {
            var asked = FormattableString.Invariant($"{width}x{height}");
            throw new InvalidRequestException($"Images of {asked} are too large to train on as rows (at most "
                + $"{MaxSide.ToString(CultureInfo.InvariantCulture)} a side): give a smaller --image-size "
                + "(\"imageSize\" in dataset.json).");
        }

        return new ImageShape(count, height, width);
    }

    /// <summary>"28x28", "32X24": width then height.</summary>
    /// <exception cref="InvalidRequestException">Not two positive integers joined by an x.</exception>
    public static (int Width, int Height) ParseSize(string size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var parts = size.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width > 0 && height > 0)
        {
            return (width, height);
        }

        throw new InvalidRequestException($"--image-size {size}: give WIDTHxHEIGHT in pixels, e.g. 28x28.");
    }
}
