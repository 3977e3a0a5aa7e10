using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hydra.Core.Safetensors;

/// <summary>One named tensor: its safetensors dtype (e.g. "F32"), shape, and little-endian bytes.</summary>
public sealed record SafeTensor(string Name, string DType, long[] Shape, byte[] Data)
{
    /// <summary>An F32 tensor holding <paramref name="values"/> in row-major order.</summary>
    public static SafeTensor FromFloats(string name, long[] shape, float[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        var elements = SafetensorsDType.ByteCount(1, shape);
        if (elements != values.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(',', shape)}] does not hold {values.Length} values.",
                nameof(shape));
        }

        var data = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(data);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        return new SafeTensor(name, "F32", shape, data);
    }

    /// <summary>
    /// The values as floats: F32 as stored, F64 / F16 / BF16 converted (F64 rounds to the nearest float).
    /// </summary>
    /// <exception cref="NotSupportedException">For integer and boolean dtypes.</exception>
    public float[] ToFloats()
    {
        var bytes = Data.AsSpan();
        return DType switch
        {
            "F32" => Convert(bytes, sizeof(float), b => BinaryPrimitives.ReadSingleLittleEndian(b)),
            "F64" => Convert(bytes, sizeof(double), b => (float)BinaryPrimitives.ReadDoubleLittleEndian(b)),
            "F16" => Convert(bytes, 2, b => (float)BinaryPrimitives.ReadHalfLittleEndian(b)),
            // bfloat16 is the upper half of an IEEE float32.
            "BF16" => Convert(bytes, 2, b => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(
                b) << 16)),
            _ => throw new NotSupportedException(
                $"Tensor '{Name}' has dtype {DType}; only F32, F64, F16 and BF16 convert to float."),
        };
    }

    private delegate float ElementReader(ReadOnlySpan<byte> bytes);

    private static float[] Convert(ReadOnlySpan<byte> bytes, int size, ElementReader read)
    {
        if (bytes.Length % size != 0)
        {
            throw new InvalidOperationException(
                $"{bytes.Length} bytes are not a whole number of {size}-byte elements.");
        }

        var values = new float[bytes.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(bytes.Slice(i * size, size));
        }

        return values;
    }
}
