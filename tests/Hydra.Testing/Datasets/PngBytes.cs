using System.Buffers.Binary;
using SkiaSharp;

namespace Hydra.Testing.Datasets;

/// <summary>PNG bytes made by hand (headers readers must refuse before decoding) or encoded pixel by pixel.</summary>
public static class PngBytes
{
    /// <summary>A grey PNG whose pixel (x, y) is <paramref name="value"/>(x, y), encoded by SkiaSharp.</summary>
    public static byte[] Grey(int width, int height, Func<int, int, byte> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * bitmap.RowBytes) + x] = value(x, y);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The PNG signature and an IHDR chunk declaring <paramref name="width"/> × <paramref name="height"/>,
    /// then nothing: what a decompression bomb's header looks like.</summary>
    public static byte[] Header(uint width, uint height)
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H',
            (byte)'D', (byte)'R', 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }
}
