using System.Text.Json;

namespace Hydra.Core.Safetensors;

/// <summary>Parses the JSON header and checks that the tensors tile the data buffer exactly.</summary>
internal static class SafetensorsHeader
{
    private const string MetadataKey = "__metadata__";

    internal sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    public static (List<Entry> Entries, IReadOnlyDictionary<string, string> Metadata) Parse(byte[] header)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"The header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException(
                    $"The header is a JSON {document.RootElement.ValueKind}, not an object.");
            }

            var entries = new List<Entry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw new SafetensorsFormatException($"The header names '{property.Name}' twice.");
                }

                if (property.Name == MetadataKey)
                {
                    ParseMetadata(property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(property.Name, property.Value));
                }
            }

            return (entries, metadata);
        }
    }

    /// <summary>Tensors must cover [0, bufferLength) without gaps or overlaps.</summary>
    public static void ValidateLayout(List<Entry> entries, long bufferLength)
    {
        long expected = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < expected)
            {
                throw new SafetensorsFormatException(
                    $"Tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] overlap the tensor before it, "
                        + $"which ends at {expected}.");
            }

            if (entry.Begin > expected)
            {
                throw new SafetensorsFormatException(
                    $"Gap in the data buffer: bytes [{expected}, {entry.Begin}) belong to no tensor (before "
                        + $"'{entry.Name}').");
            }

            if (entry.End > bufferLength)
            {
                throw new SafetensorsFormatException(
                    $"Tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] run past the "
                        + $"{bufferLength}-byte data buffer (out of range, or the data is truncated).");
            }

            expected = entry.End;
        }

        if (expected < bufferLength)
        {
            throw new SafetensorsFormatException(
                $"Gap in the data buffer: {bufferLength - expected} bytes after the last tensor (which ends at "
                    + $"{expected}) belong to no tensor.");
        }
    }

    private static void ParseMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(
                $"{MetadataKey} is a JSON {value.ValueKind}, not an object of strings.");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException(
                    $"{MetadataKey} entry '{item.Name}' is a JSON {item.Value.ValueKind}, not a string.");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static Entry ParseEntry(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(
                $"Tensor '{name}' is described by a JSON {value.ValueKind}, not an object.");
        }

        var dtype = value.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()!
            : throw new SafetensorsFormatException($"Tensor '{name}' has no string 'dtype'.");
        if (!SafetensorsDType.TryGetElementSize(dtype, out var elementSize))
        {
            throw new SafetensorsFormatException($"Tensor '{name}' has unknown dtype '{dtype}'.");
        }

        var shape = ReadIntegers(name, value, "shape", count: null);
        var offsets = ReadIntegers(name, value, "data_offsets", count: 2);
        if (offsets[1] < offsets[0])
        {
            throw new SafetensorsFormatException(
                $"Tensor '{name}' data_offsets [{offsets[0]}, {offsets[1]}] end before they begin.");
        }

        var expected = SafetensorsDType.ByteCount(elementSize, shape)
            ?? throw new SafetensorsFormatException($"Tensor '{name}' shape [{string.Join(',', shape)}] is too large.");
        if (offsets[1] - offsets[0] != expected)
        {
            throw new SafetensorsFormatException(
                $"Tensor '{name}' of shape [{string.Join(',', shape)}] and dtype {dtype} needs {expected} bytes, but "
                    + $"its data_offsets [{offsets[0]}, {offsets[1]}] cover {offsets[1] - offsets[0]}.");
        }

        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(string name, JsonElement value, string field, int? count)
    {
        if (!value.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsFormatException($"Tensor '{name}' has no '{field}' array.");
        }

        if (count is { } n && array.GetArrayLength() != n)
        {
            throw new SafetensorsFormatException(
                $"Tensor '{name}' '{field}' has {array.GetArrayLength()} entries, expected {n}.");
        }

        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
            {
                throw new SafetensorsFormatException(
                    $"Tensor '{name}' '{field}' entry {i} ({item.GetRawText()}) is not a non-negative integer.");
            }

            result[i++] = v;
        }

        return result;
    }
}
