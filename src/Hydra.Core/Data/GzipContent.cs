using System.Buffers.Binary;
using System.IO.Compression;

namespace Hydra.Core.Data;

/// <summary>Gzip detection by magic bytes and bounded decompression with errors that name the file.</summary>
internal static class GzipContent
{
    public static bool IsGzip(ReadOnlySpan<byte> content) => content.Length >= 2 && content[0] == 0x1F
        && content[1] == 0x8B;

    /// <summary>
    /// The inflated content; fails before inflating when the trailer declares more than <paramref name="limit"/>
    /// bytes, and while inflating as soon as more than that has come out (the trailer may lie).
    /// </summary>
    public static ReadOnlyMemory<byte> Inflate(string path, byte[] compressed, long limit = int.MaxValue)
    {
        if (DeclaredSize(compressed) > limit)
        {
            throw InflationLimitStream.TooLarge(path, limit, entry: null);
        }

        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var gzip = new InflationLimitStream(new GZipStream(input, CompressionMode.Decompress), path,
                Math.Min(limit, Array.MaxLength));
            using var output = new MemoryStream(InflatedSizeHint(compressed, limit));
            gzip.CopyTo(output);
            return output.GetBuffer().AsMemory(0, (int)output.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt gzip data: {e.Message}", e);
        }
    }

    /// <summary>A stream that inflates <paramref name="file"/> and fails once more than the limit comes out.
    /// </summary>
    public static Stream OpenInflating(Stream file, string path, long limit) =>
        new InflationLimitStream(new GZipStream(file, CompressionMode.Decompress), path, limit);

    /// <summary>The gzip trailer's ISIZE: the last member's size mod 2³², so never more than the true size.</summary>
    private static long DeclaredSize(byte[] compressed) =>
        compressed.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(^4)) : 0;

    /// <summary>
    /// The gzip trailer's ISIZE is exact for single-member files under 4 GiB, which saves growing the output buffer;
    /// it is only a capacity hint, so a wrong value costs nothing but a resize.
    /// </summary>
    private static int InflatedSizeHint(byte[] compressed, long limit)
    {
        var size = DeclaredSize(compressed);
        var hint = size is > 0 and <= 1L << 30 ? size : Math.Min(compressed.Length, 1 << 26) * 4L;
        return (int)Math.Min(hint, Math.Min(limit, 1L << 30));
    }

    /// <summary>Reads a whole file, decompressing it when it starts with the gzip magic bytes.</summary>
    public static ReadOnlyMemory<byte> ReadFile(string path, long limit = int.MaxValue)
    {
        var raw = File.ReadAllBytes(path);
        return IsGzip(raw) ? Inflate(path, raw, limit) : raw;
    }
}
