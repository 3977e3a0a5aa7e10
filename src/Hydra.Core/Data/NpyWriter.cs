using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Hydra.Core.Data;

/// <summary>
/// Writes float32 arrays as NumPy <c>.npy</c> files (format 1.0, little-endian, C order), which
/// <see cref="NpyReader"/>, NumPy and <c>hydra score</c> read.
/// </summary>
public static class NpyWriter
{
    /// <summary>Writes <paramref name="values"/> with <paramref name="shape"/> (their product must be the length).
    /// </summary>
    public static void Write(Stream stream, ReadOnlySpan<float> values, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0) || shape.Aggregate(1L, (p, d) => p * d) != values.Length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) does not hold {values.Length} values.",
                nameof(shape));
        }

        // A one-element tuple keeps its comma in Python: (5,).
        var dims = shape.Count == 1
            ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
            : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        // Magic (6) + version (2) + header length (2) + header + newline, padded to a multiple of 64 bytes.
        var unpadded = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (unpadded % 64)) % 64)) + "\n";
        Span<byte> prefix = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], checked((ushort)header.Length));
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var buffer = new byte[4 * Math.Min(values.Length, 1 << 16)];
        for (var start = 0; start < values.Length; start += buffer.Length / 4)
        {
            var chunk = values.Slice(start, Math.Min(buffer.Length / 4, values.Length - start));
            for (var i = 0; i < chunk.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), chunk[i]);
            }

            stream.Write(buffer, 0, 4 * chunk.Length);
        }
    }

    /// <summary>Writes a file; see <see cref="Write(Stream, ReadOnlySpan{float}, IReadOnlyList{int})"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, IReadOnlyList<int> shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var file = File.Create(path);
        Write(file, values, shape);
    }
}
