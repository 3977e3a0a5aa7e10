using SkiaSharp;

namespace Hydra.Core.Tests.Data.Images;

/// <summary>PNG and JPEG files made in code with SkiaSharp's encoders, pixel by pixel.</summary>
internal static class TestImages
{
    /// <summary>A grey PNG whose pixel (x, y) is <paramref name="value"/>(x, y).</summary>
    public static void GreyPng(string path, int width, int height, Func<int, int, byte> value)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * bitmap.RowBytes) + x] = value(x, y);
            }
        }

        Save(bitmap, path, SKEncodedImageFormat.Png);
    }

    /// <summary>An opaque RGB image (PNG, or JPEG when the path says so) whose pixel (x, y) is the colour given.
    /// </summary>
    public static void Rgb(string path, int width, int height, Func<int, int, (byte R, byte G, byte B)> colour)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = colour(x, y);
                var at = (y * bitmap.RowBytes) + (4 * x);
                (pixels[at], pixels[at + 1], pixels[at + 2], pixels[at + 3]) = (r, g, b, 255);
            }
        }

        var jpeg = path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase);
        Save(bitmap, path, jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png);
    }

    /// <summary>A grey PNG of one constant value.</summary>
    public static void Flat(string path, int size, byte value) => GreyPng(path, size, size, (_, _) => value);

    /// <summary>The PNG signature and an IHDR chunk declaring <paramref name="width"/> × <paramref name="height"/>,
    /// then nothing: what a decompression bomb's header looks like.</summary>
    public static byte[] PngHeader(uint width, uint height) => Hydra.Testing.Datasets.PngBytes.Header(width, height);

    private static void Save(SKBitmap bitmap, string path, SKEncodedImageFormat format)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }
}
