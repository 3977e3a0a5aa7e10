namespace Hydra.Core.Safetensors;

/// <summary>The dtypes this reader and writer accept, with their element sizes in bytes.</summary>
internal static class SafetensorsDType
{
    private static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["F64"] = 8,
        ["F32"] = 4,
        ["F16"] = 2,
        ["BF16"] = 2,
        ["I64"] = 8,
        ["I32"] = 4,
        ["I16"] = 2,
        ["I8"] = 1,
        ["U8"] = 1,
        ["BOOL"] = 1,
    };

    public static bool TryGetElementSize(string dtype, out int size) => Sizes.TryGetValue(dtype, out size);

    /// <summary>The byte count of a tensor, or null when the shape is negative or the size overflows.</summary>
    public static long? ByteCount(int elementSize, IReadOnlyList<long> shape)
    {
        try
        {
            long count = elementSize;
            foreach (var dim in shape)
            {
                if (dim < 0)
                {
                    return null;
                }

                count = checked(count * dim);
            }

            return count;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
