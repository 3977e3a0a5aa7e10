using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hydra.Core.Safetensors;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (padded with spaces to a multiple of 8), then the tensors' bytes back to back.
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";
    private const int Alignment = 8;

    /// <summary>
    /// Headers above this size are refused rather than allocated (the reference implementation uses 100 MB).
    /// </summary>
    private const long MaxHeaderLength = 100_000_000;

    private static readonly JsonWriterOptions WriterOptions = new()
    { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the tensors sorted by name, so equal content always gives equal bytes.</summary>
    public static void Write(Stream stream, IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string,
        string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var sorted = SortAndValidate(tensors);
        stream.Write(BuildPrefixAndHeader(sorted, metadata));
        foreach (var tensor in sorted)
        {
            stream.Write(tensor.Data);
        }
    }

    /// <summary>
    /// Writes to a temporary file in the same folder and then moves it over <paramref name="path"/>, so readers
    /// never see a half-written file.
    /// </summary>
    public static async Task WriteAsync(string path, IEnumerable<SafeTensor> tensors,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var sorted = SortAndValidate(tensors);
        var fullPath = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(fullPath)!,
            $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                1 << 16, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(BuildPrefixAndHeader(sorted, metadata), cancellationToken);
                foreach (var tensor in sorted)
                {
                    await stream.WriteAsync(tensor.Data, cancellationToken);
                }

                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public static SafetensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static async Task<SafetensorsContent> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream);
    }

    /// <summary>Reads and validates a whole safetensors file from the stream's current position.</summary>
    public static SafetensorsContent Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var remaining = stream.CanSeek ? stream.Length - stream.Position : (long?)null;

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, "the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (remaining is { } total && headerLength > (ulong)(total - 8))
        {
            throw new SafetensorsFormatException(
                $"Header length {headerLength} is larger than the {total - 8} bytes after the length prefix.");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw new SafetensorsFormatException(
                $"Header length {headerLength} exceeds the {MaxHeaderLength}-byte limit.");
        }

        var header = new byte[(int)headerLength];
        ReadExactly(stream, header, $"the {headerLength}-byte header");
        var (entries, metadata) = SafetensorsHeader.Parse(header);

        var buffer = ReadBuffer(stream, remaining is { } all ? all - 8 - (long)headerLength : null);
        SafetensorsHeader.ValidateLayout(entries, buffer.Length);

        var tensors = new OrderedDictionary<string, SafeTensor>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var data = buffer.AsSpan((int)entry.Begin, (int)(entry.End - entry.Begin)).ToArray();
            tensors.Add(entry.Name, new SafeTensor(entry.Name, entry.DType, entry.Shape, data));
        }

        return new SafetensorsContent(tensors, metadata);
    }

    private static List<SafeTensor> SortAndValidate(IEnumerable<SafeTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var t = sorted[i];
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            if (string.IsNullOrEmpty(t.Name) || t.Name == MetadataKey)
            {
                throw new ArgumentException($"'{t.Name}' is not a usable tensor name.", nameof(tensors));
            }

            if (i > 0 && sorted[i - 1].Name == t.Name)
            {
                throw new ArgumentException($"Tensor name '{t.Name}' appears twice.", nameof(tensors));
            }

            if (!SafetensorsDType.TryGetElementSize(t.DType, out var size))
            {
                throw new ArgumentException($"Tensor '{t.Name}' has unknown dtype '{t.DType}'.", nameof(tensors));
            }

            var expected = SafetensorsDType.ByteCount(size, t.Shape);
            if (expected != t.Data.Length)
            {
                throw new ArgumentException(
                    $"Tensor '{t.Name}' of shape [{string.Join(',', t.Shape)}] and dtype {t.DType} needs {expected} "
                        + $"bytes, has {t.Data.Length}.",
                    nameof(tensors));
            }
        }

        return sorted;
    }

    private static byte[] BuildPrefixAndHeader(List<SafeTensor> sorted, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, WriterOptions))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in sorted)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType);
                writer.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += tensor.Data.Length;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var padded = (json.WrittenCount + Alignment - 1) / Alignment * Alignment;
        var bytes = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.WrittenSpan.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + json.WrittenCount).Fill((byte)' ');
        return bytes;
    }

    private static byte[] ReadBuffer(Stream stream, long? length)
    {
        if (length is not { } n)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        if (n > Array.MaxLength)
        {
            throw new SafetensorsFormatException($"The {n}-byte data buffer is too large to read into memory.");
        }

        var buffer = new byte[n];
        ReadExactly(stream, buffer, $"the {n}-byte data buffer");
        return buffer;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new SafetensorsFormatException($"The file ends inside {what}.", e);
        }
    }
}
