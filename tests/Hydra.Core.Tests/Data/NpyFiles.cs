using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Hydra.Core.Tests.Data;

/// <summary>
/// Builds .npy files byte by byte as the NPY format spec lays them out: the magic \x93NUMPY, the version, the header
/// length
/// (uint16 in 1.0, uint32 in 2.0 and 3.0, little-endian), then a Python dict literal padded with spaces and ended by
/// '\n' so that the data starts at a multiple of 64 bytes.
/// </summary>
internal static class NpyFiles
{
    public static byte[] Build(string descr, int[] shape, byte[] data, bool fortranOrder = false, byte major = 1)
    {
        var tuple = shape.Length == 1
            ? $"({shape[0]},)"
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {tuple}, }}";
        return Build(dict, data, major);
    }

    /// <summary>A file with a header dict given verbatim.</summary>
    public static byte[] Build(string dict, byte[] data, byte major = 1)
    {
        var prefixLength = major == 1 ? 10 : 12;
        var unpadded = prefixLength + dict.Length + 1;
        var padding = (64 - (unpadded % 64)) % 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', padding) + "\n");

        var file = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        }

        file.AddRange(length);
        file.AddRange(header);
        if (file.Count % 64 != 0)
        {
            throw new InvalidOperationException($"Data would start at byte {file.Count}, not a multiple of 64.");
        }

        file.AddRange(data);
        return [.. file];
    }

    public static byte[] Float32(params float[] values) =>
        values.SelectMany(v =>
        {
            var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b,
            v); return b;
        }).ToArray();

    public static byte[] Float64(params double[] values) =>
        values.SelectMany(v =>
        {
            var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b,
            v); return b;
        }).ToArray();

    public static byte[] Int32(params int[] values) =>
        values.SelectMany(v =>
        {
            var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b,
            v); return b;
        }).ToArray();

    public static byte[] Int64(params long[] values) =>
        values.SelectMany(v =>
        {
            var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b,
            v); return b;
        }).ToArray();

    /// <summary>
    /// An .npz archive: each array stored as "{name}.npy", deflated or stored as <c>numpy.savez(_compressed)</c> does.
    /// </summary>
    public static void WriteNpz(string path, IReadOnlyDictionary<string, byte[]> arrays,
        CompressionLevel level = CompressionLevel.Optimal)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in arrays)
        {
            var entry = archive.CreateEntry(name + ".npy", level);
            using var stream = entry.Open();
            stream.Write(bytes);
        }
    }
}
