using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace Hydra.Serving.Tests.OpenInference;

/// <summary>
/// A tensor as the Open Inference Protocol describes it: name, datatype, shape and row-major data (float[] for FP32,
/// double[] for FP64, long[] for INT64, int[] for INT32, bool[] for BOOL, byte[] for UINT8), with the spec's JSON and
/// binary (little-endian, no padding, BOOL one byte) forms. Written from the protocol text, not from the server.
/// </summary>
internal sealed record OipTensor(string Name, string Datatype, long[] Shape, Array Data)
{
    public float[] Floats => (float[])Data;

    public long[] Int64s => (long[])Data;

    public bool[] Bools => (bool[])Data;

    public static int ElementSize(string datatype) => datatype switch
    {
        "BOOL" or "UINT8" => 1,
        "FP32" or "INT32" => 4,
        "FP64" or "INT64" => 8,
        _ => throw new NotSupportedException($"This client has no codec for {datatype}."),
    };

    public byte[] ToBytes()
    {
        var size = ElementSize(Datatype);
        var bytes = new byte[Data.Length * size];
        for (var i = 0; i < Data.Length; i++)
        {
            var slot = bytes.AsSpan(i * size, size);
            switch (Data)
            {
                case float[] f: BinaryPrimitives.WriteSingleLittleEndian(slot, f[i]); break;
                case double[] d: BinaryPrimitives.WriteDoubleLittleEndian(slot, d[i]); break;
                case long[] l: BinaryPrimitives.WriteInt64LittleEndian(slot, l[i]); break;
                case int[] n: BinaryPrimitives.WriteInt32LittleEndian(slot, n[i]); break;
                case bool[] b: slot[0] = b[i] ? (byte)1 : (byte)0; break;
                case byte[] u: slot[0] = u[i]; break;
                default: throw new NotSupportedException(Data.GetType().Name);
            }
        }

        return bytes;
    }

    public static OipTensor FromBytes(string name, string datatype, long[] shape, ReadOnlySpan<byte> bytes)
    {
        var size = ElementSize(datatype);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (bytes.Length != count * size)
        {
            throw new FormatException($"{name}: {bytes.Length} bytes for {count} {datatype} elements.");
        }

        Array data = datatype switch
        {
            "FP32" => Decode(bytes, size, s => BinaryPrimitives.ReadSingleLittleEndian(s)),
            "FP64" => Decode(bytes, size, s => BinaryPrimitives.ReadDoubleLittleEndian(s)),
            "INT64" => Decode(bytes, size, s => BinaryPrimitives.ReadInt64LittleEndian(s)),
            "INT32" => Decode(bytes, size, s => BinaryPrimitives.ReadInt32LittleEndian(s)),
            "BOOL" => Decode(bytes, size, s => s[0] switch
            {
                0 => false,
                1 => true,
                _ => throw new FormatException($"{name}: BOOL byte {s[0]}."),
            }),
            _ => bytes.ToArray(),
        };
        return new OipTensor(name, datatype, shape, data);
    }

    /// <summary>The tensor from a JSON <c>data</c> array, flat or nested (the spec allows both).</summary>
    public static OipTensor FromJson(string name, string datatype, long[] shape, JsonNode data)
    {
        var leaves = new List<JsonNode>();
        Flatten(data, leaves);
        Array values = datatype switch
        {
            "FP32" => leaves.Select(v => v.GetValue<float>()).ToArray(),
            "FP64" => leaves.Select(v => v.GetValue<double>()).ToArray(),
            "INT64" => leaves.Select(v => v.GetValue<long>()).ToArray(),
            "INT32" => leaves.Select(v => v.GetValue<int>()).ToArray(),
            "BOOL" => leaves.Select(v => v.GetValue<bool>()).ToArray(),
            "UINT8" => leaves.Select(v => v.GetValue<byte>()).ToArray(),
            _ => throw new NotSupportedException($"This client has no codec for {datatype}."),
        };
        return new OipTensor(name, datatype, shape, values);
    }

    public JsonArray ToJsonData() => Data switch
    {
        float[] f => new JsonArray([.. f.Select(v => JsonValue.Create(v))]),
        double[] d => new JsonArray([.. d.Select(v => JsonValue.Create(v))]),
        long[] l => new JsonArray([.. l.Select(v => JsonValue.Create(v))]),
        int[] n => new JsonArray([.. n.Select(v => JsonValue.Create(v))]),
        bool[] b => new JsonArray([.. b.Select(v => JsonValue.Create(v))]),
        byte[] u => new JsonArray([.. u.Select(v => JsonValue.Create(v))]),
        _ => throw new NotSupportedException(Data.GetType().Name),
    };

    private static T[] Decode<T>(ReadOnlySpan<byte> bytes, int size, Func<ReadOnlySpan<byte>, T> read)
    {
        var values = new T[bytes.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(bytes.Slice(i * size, size));
        }

        return values;
    }

    private static void Flatten(JsonNode node, List<JsonNode> leaves)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Flatten(item!, leaves);
            }
        }
        else
        {
            leaves.Add(node);
        }
    }
}
