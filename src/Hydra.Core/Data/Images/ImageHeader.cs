using System.Buffers.Binary;
using System.Globalization;

namespace Hydra.Core.Data.Images;

/// <summary>
/// What a PNG or JPEG file's header declares (format, width, height, colour channels), read from the bytes without
/// decoding anything, so that a file declaring an absurd size is refused before a decoder allocates for it.
/// </summary>
public readonly record struct ImageHeader(string Format, int Width, int Height, int Channels)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file extensions read as images (compared without case).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    public long Pixels => (long)Width * Height;

    public static bool IsImageFile(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <exception cref="DatasetFormatException">Not a PNG or JPEG, a header that is cut short or malformed, or a size
    /// beyond <see cref="DataLimits.MaxImagePixels"/>.</exception>
    public static ImageHeader Read(string path, ReadOnlySpan<byte> content, DataLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var header = content.StartsWith(PngSignature) ? Png(path, content)
            : content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF
                ? Jpeg(path, content)
                : throw new DatasetFormatException(path, content.Length == 0 ? "the image file is empty"
                    : "not a PNG or JPEG image (its first bytes are neither signature)");
        if (header.Width <= 0 || header.Height <= 0)
        {
            throw new DatasetFormatException(path, $"the {header.Format} header declares a size of "
                + $"{header.Width} × {header.Height} pixels");
        }

        if (header.Pixels > limits.MaxImagePixels)
        {
            var declared = FormattableString.Invariant(
                $"{header.Width:N0} × {header.Height:N0} = {header.Pixels:N0}");
            var limit = limits.MaxImagePixels.ToString("N0", CultureInfo.InvariantCulture);
            var setting = DataLimits.Setting(nameof(DataLimits.MaxImagePixels));
            throw new DatasetFormatException(path, $"the {header.Format} header declares {declared} pixels, more "
                + $"than the limit of {limit} (setting {setting}); refused before decoding");
        }

        return header;
    }

    /// <summary>The IHDR chunk, which must come first: width, height, bit depth, colour type.</summary>
    private static ImageHeader Png(string path, ReadOnlySpan<byte> content)
    {
        if (content.Length < 29 || !content.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new DatasetFormatException(path, "a PNG whose header (the IHDR chunk) is missing or cut short");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(content[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(content[20..]);
        var colourType = content[25];
        // Grey and grey + alpha are one channel; palette, RGB and RGBA are three.
        var channels = colourType is 0 or 4 ? 1 : 3;
        return new ImageHeader("PNG", (int)Math.Min(width, int.MaxValue), (int)Math.Min(height, int.MaxValue),
            channels);
    }

    /// <summary>Walks the JPEG's segments up to its frame header (SOF0–SOF15 but DHT, JPG and DAC).</summary>
    private static ImageHeader Jpeg(string path, ReadOnlySpan<byte> content)
    {
        var at = 2;
        while (at + 4 <= content.Length)
        {
            if (content[at] != 0xFF)
            {
                break;
            }

            var marker = content[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                at += 2;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(content[(at + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 8 || at + 10 > content.Length)
                {
                    break;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(content[(at + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(content[(at + 7)..]);
                return new ImageHeader("JPEG", width, height, content[at + 9] == 1 ? 1 : 3);
            }

            at += 2 + length;
        }

        throw new DatasetFormatException(path, "a JPEG whose frame header (image size) is missing or malformed");
    }
}
