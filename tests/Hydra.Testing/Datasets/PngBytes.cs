using System.Buffers.Binary;

namespace Hydra.Testing.Datasets;

/// <summary>PNG bytes made by hand, for readers that must refuse them before decoding.</summary>
public static class PngBytes
{
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
