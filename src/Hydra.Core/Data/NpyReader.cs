using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Hydra.Core.Data;

/// <summary>
/// Reads NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0) holding little-endian float32, float64, int32,
/// int64
/// or uint8 arrays in C order, converting every value to float32.
/// </summary>
public static partial class NpyReader
{
    /// <summary>The dtype descriptors this reader understands, as NumPy writes them.</summary>
    public static IReadOnlyList<string> SupportedDTypes { get; } = ["<f4", "<f8", "<i4", "<i8", "|u1"];

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Parse(File.ReadAllBytes(path), path, entry: null);
    }

    /// <summary>
    /// Parses the bytes of one .npy file; <paramref name="entry"/> names it inside an archive for error messages.
    /// </summary>
    internal static NpyArray Parse(ReadOnlySpan<byte> content, string path, string? entry)
    {
        var prefix = entry is null ? "" : $"entry '{entry}': ";
        DatasetFormatException Error(string problem) => new(path, prefix + problem);

        if (content.Length < Magic.Length + 2 || !content[..Magic.Length].SequenceEqual(Magic))
        {
            throw Error("not a .npy file (it does not start with the magic bytes \\x93NUMPY)");
        }

        var major = content[6];
        var lengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw Error($".npy format version {major}.{content[7]} is not supported (only 1.0, 2.0 and 3.0)"),
        };
        var headerStart = 8 + lengthSize;
        if (content.Length < headerStart)
        {
            throw Error("file ends inside the .npy header length");
        }

        long headerLength = lengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(content[8..])
            : BinaryPrimitives.ReadUInt32LittleEndian(content[8..]);
        if (content.Length < headerStart + headerLength)
        {
            throw Error($"file ends inside the .npy header ({content.Length} bytes, the header needs "
                + $"{headerStart + headerLength})");
        }

        var headerBytes = content.Slice(headerStart, (int)headerLength);
        var header = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var (dtype, shape) = ParseHeader(header, Error);

        var count = shape.Aggregate(1L, (a, b) => a * b);
        var itemSize = ItemSize(dtype);
        var data = content[(int)(headerStart + headerLength)..];
        if (count > int.MaxValue || count * itemSize != data.Length)
        {
            throw Error(data.Length < count * itemSize
                ? $"truncated: shape ({string.Join(", ", shape)}) of {dtype} needs {count * itemSize} "
                    + $"data bytes but the file has {data.Length}"
                : $"{data.Length - (count * itemSize)} unexpected bytes after the {count * itemSize} data bytes the "
                    + $"header promises");
        }

        return new NpyArray(Convert(data, dtype, (int)count), shape);
    }

    private static (string DType, int[] Shape) ParseHeader(string header, Func<string, DatasetFormatException> error)
    {
        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!header.TrimStart().StartsWith('{') || !descr.Success || !fortran.Success || !shape.Success)
        {
            throw error($"the .npy header is not a dict with 'descr', 'fortran_order' and 'shape': {header.Trim()}");
        }

        if (fortran.Groups[1].Value == "True")
        {
            throw error("the array is stored in Fortran (column-major) order; save it in C order "
                + "(numpy.ascontiguousarray) first");
        }

        var dtype = descr.Groups[1].Value;
        if (!SupportedDTypes.Contains(dtype))
        {
            throw error($"dtype '{dtype}' is not supported; supported dtypes are {string.Join(", ", SupportedDTypes)}");
        }

        var dims = new List<int>();
        foreach (var part in shape.Groups[1].Value.Split(',',
            StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part.TrimEnd('L'), out var dim) || dim < 0)
            {
                throw error($"shape dimension '{part}' is not a non-negative integer");
            }

            dims.Add(dim);
        }

        return (dtype, [.. dims]);
    }

    private static int ItemSize(string dtype) => dtype switch
    {
        "<f8" or "<i8" => 8,
        "<f4" or "<i4" => 4,
        _ => 1,
    };

    private static float[] Convert(ReadOnlySpan<byte> data, string dtype, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = dtype switch
            {
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]),
                "<f8" => (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]),
                _ => data[i],
            };
        }

        return values;
    }

    [GeneratedRegex("""['"]descr['"]\s*:\s*['"]([^'"]*)['"]""")]
    private static partial Regex DescrPattern();

    [GeneratedRegex("""['"]fortran_order['"]\s*:\s*(True|False)""")]
    private static partial Regex FortranPattern();

    [GeneratedRegex("""['"]shape['"]\s*:\s*\(([^)]*)\)""")]
    private static partial Regex ShapePattern();
}
