using SkiaSharp;

namespace Hydra.Core.Data.Images;

/// <summary>
/// Decodes one PNG or JPEG with SkiaSharp (Skia's libpng and libjpeg-turbo codecs) into a raw model row: converted
/// to the shape's channels (grey by Rec. 601 luma, alpha composited on black) and size (bilinear with mipmaps), laid
/// out [C, H, W] and scaled to [0, 1] exactly as the IDX reader scales bytes, so a lossless PNG of an IDX image gives
/// the very same row.
/// </summary>
public static class ImageDecoder
{
    private static readonly SKSamplingOptions Resampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>What converting an image took: whether it was resized and whether its channels changed.</summary>
    public readonly record struct Conversion(bool Resized, bool ChannelsChanged);

    /// <summary>
    /// Reads the file at <paramref name="path"/> into <paramref name="row"/> (<see cref="ImageShape.RowSize"/> values).
    /// </summary>
    /// <exception cref="DatasetFormatException">Too large a file or declared size, not a PNG or JPEG, or pixels that
    /// cannot be decoded (a corrupt or truncated file).</exception>
    public static Conversion Decode(string path, ImageShape shape, DataLimits limits, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(limits);
        var length = new FileInfo(path).Length;
        if (length > limits.MaxImageBytes)
        {
            var setting = DataLimits.Setting(nameof(DataLimits.MaxImageBytes));
            throw new DatasetFormatException(path, $"the image file is {DataLimits.Bytes(length)}, more than the "
                + $"limit of {DataLimits.Bytes(limits.MaxImageBytes)} (setting {setting})");
        }

        return Decode(path, File.ReadAllBytes(path), shape, limits, row);
    }

    /// <summary>Decodes an image's bytes; <paramref name="path"/> names it in errors.</summary>
    public static Conversion Decode(string path, byte[] content, ImageShape shape, DataLimits limits, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(shape);
        if (row.Length != shape.RowSize)
        {
            throw new ArgumentException($"The row holds {row.Length} values, the shape {shape.RowSize}.",
                nameof(row));
        }

        var header = ImageHeader.Read(path, content, limits);
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data) ?? throw new DatasetFormatException(path,
            $"a {header.Format} that cannot be decoded (corrupt, or not an image)");
        if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            throw new DatasetFormatException(path, $"the decoder sees {codec.Info.Width} × {codec.Info.Height} "
                + $"pixels where the header declares {header.Width} × {header.Height}");
        }

        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new DatasetFormatException(path, $"the {header.Format} pixels cannot be decoded ({result}): the "
                + "file is corrupt or truncated");
        }

        var resized = header.Width != shape.Width || header.Height != shape.Height;
        if (!resized)
        {
            Write(decoded, shape, row);
        }
        else
        {
            using var scaled = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888,
                SKAlphaType.Premul));
            if (!decoded.ScalePixels(scaled, Resampling))
            {
                throw new DatasetFormatException(path, $"cannot be resized to {shape.Width}x{shape.Height}");
            }

            Write(scaled, shape, row);
        }

        return new Conversion(resized, header.Channels != shape.Channels);
    }

    /// <summary>RGBA bytes → [C, H, W] floats in [0, 1]; grey is the Rec. 601 luma, exact where R = G = B.</summary>
    private static void Write(SKBitmap bitmap, ImageShape shape, Span<float> row)
    {
        var pixels = bitmap.GetPixelSpan();
        var scale = IdxReader.ScaledBytes;
        var plane = shape.Height * shape.Width;
        for (var y = 0; y < shape.Height; y++)
        {
            var line = pixels.Slice(y * bitmap.RowBytes, shape.Width * 4);
            for (var x = 0; x < shape.Width; x++)
            {
                var (r, g, b) = (line[4 * x], line[(4 * x) + 1], line[(4 * x) + 2]);
                var at = (y * shape.Width) + x;
                if (shape.Channels == 1)
                {
                    row[at] = r == g && g == b ? scale[r] : ((0.299f * r) + (0.587f * g) + (0.114f * b)) / 255f;
                }
                else
                {
                    row[at] = scale[r];
                    row[plane + at] = scale[g];
                    row[(2 * plane) + at] = scale[b];
                }
            }
        }
    }
}
