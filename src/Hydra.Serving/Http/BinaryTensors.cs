using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Http;

/// <summary>
/// The binary tensor data extension: an input whose <c>parameters.binary_data_size</c> gives the length of its raw
/// little-endian bytes after the JSON header, in place of a <c>data</c> array.
/// </summary>
public static class BinaryTensors
{
    public const string Extension = "binary_tensor_data";

    public const string DataSizeParameter = "binary_data_size";

    /// <summary>The input's binary data size, or null when its values come as a JSON <c>data</c> array.</summary>
    /// <exception cref="InvalidInputException">The size is not a non-negative integer, or data is given as
    /// well.</exception>
    public static long? DataSize(JsonElement input)
    {
        if (!input.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty(DataSizeParameter, out var size))
        {
            return null;
        }

        if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var bytes) || bytes < 0)
        {
            throw new InvalidInputException(
                $"inputs[0].parameters.{DataSizeParameter} must be a non-negative integer.");
        }

        if (input.TryGetProperty("data", out _))
        {
            throw new InvalidInputException(
                $"inputs[0] has both data and parameters.{DataSizeParameter}; send its values one way.");
        }

        return bytes;
    }

    /// <summary>Appends <paramref name="size"/> bytes of little-endian float32 values to the batch.</summary>
    /// <exception cref="InvalidInputException">The size does not fit the batch or the bytes sent.</exception>
    public static void AppendFp32(ReadOnlySpan<byte> binary, long size, InputBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var needed = (long)batch.Length * sizeof(float);
        if (size != needed)
        {
            throw new InvalidInputException($"inputs[0].parameters.{DataSizeParameter} is {size} bytes; "
                + $"{batch.Rows} rows of {batch.RowLength} FP32 values need {needed}.");
        }

        if (binary.Length != size)
        {
            throw new InvalidInputException($"The body has {binary.Length} bytes after the JSON header; "
                + $"inputs[0].parameters.{DataSizeParameter} says {size}.");
        }

        if (BitConverter.IsLittleEndian)
        {
            batch.AppendValues(MemoryMarshal.Cast<byte, float>(binary));
            return;
        }

        for (var offset = 0; offset < binary.Length; offset += sizeof(float))
        {
            batch.Append(BinaryPrimitives.ReadSingleLittleEndian(binary[offset..]));
        }
    }
}
