using System.Buffers.Binary;
using System.IO.Compression;

namespace Hydra.Core.Tests.Data;

/// <summary>Builds IDX files byte by byte, the way the format describes them.</summary>
internal static class IdxFiles
{
    public static byte[] Build(uint magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    public static byte[] Images(int count, int rows, int cols, byte[] data) => Build(0x00000803, [count, rows, cols],
        data);

    public static byte[] Labels(byte[] labels) => Build(0x00000801, [labels.Length], labels);

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
