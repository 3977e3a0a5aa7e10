using System.Buffers.Binary;
using System.IO.Compression;

namespace Hydra.Core.Data;

/// <summary>Gzip detection by magic bytes and decompression with errors that name the file.</summary>
internal static class GzipContent
{
    public static bool IsGzip(ReadOnlySpan<byte> content) => content.Length >= 2 && content[0] == 0x1F
        && content[1] == 0x8B;

    public static ReadOnlyMemory<byte> Inflate(string path, byte[] compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(InflatedSizeHint(compressed));
            gzip.CopyTo(output);
            return output.GetBuffer().AsMemory(0, (int)output.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt gzip data: {e.Message}", e);
        }
    }

    /// <summary>
    /// The gzip trailer's ISIZE (uncompressed size mod 2³²) is exact for single-member files under 4 GiB, which
    /// saves growing the output buffer; it is only a capacity hint, so a wrong value costs nothing but a resize.
    /// </summary>
    private static int InflatedSizeHint(byte[] compressed)
    {
        var size = compressed.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(^4)) : 0u;
        return size is > 0 and <= 1u << 30 ? (int)size : Math.Min(compressed.Length, 1 << 26) * 4;
    }

    /// <summary>Reads a whole file, decompressing it when it starts with the gzip magic bytes.</summary>
    public static ReadOnlyMemory<byte> ReadFile(string path)
    {
        var raw = File.ReadAllBytes(path);
        return IsGzip(raw) ? Inflate(path, raw) : raw;
    }
}
