using System.Buffers;
using System.Text.Json;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;

namespace Hydra.Serving.Http;

/// <summary>Reads a request body as JSON, refusing more than a bound of bytes before parsing anything.</summary>
public static class RequestBody
{
    /// <exception cref="PayloadTooLargeException">The body is longer than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="InvalidInputException">The body is empty or not JSON.</exception>
    public static async Task<JsonDocument> ReadJsonAsync(HttpRequest request, long maxBytes,
        CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadPooledAsync(request, maxBytes, cancellationToken);
        try
        {
            return ParseJson(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The whole body as a byte array of its own (small bodies: a dataset description).</summary>
    /// <exception cref="PayloadTooLargeException">The body is longer than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="InvalidInputException">The body is empty.</exception>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes,
        CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadPooledAsync(request, maxBytes, cancellationToken);
        try
        {
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The whole body (a JSON header followed by raw tensors, for instance) in a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/>, which the caller returns: a large body is not copied again, nor allocated
    /// afresh on the large-object heap for each request.
    /// </summary>
    /// <exception cref="PayloadTooLargeException">The body is longer than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="InvalidInputException">The body is empty.</exception>
    public static Task<(byte[] Buffer, int Length)> ReadPooledBytesAsync(HttpRequest request, long maxBytes,
        CancellationToken cancellationToken) => ReadPooledAsync(request, maxBytes, cancellationToken);

    /// <summary>Parses one JSON value (at most 16 levels deep) and nothing after it.</summary>
    /// <exception cref="InvalidInputException">Not exactly one JSON value.</exception>
    public static JsonDocument ParseJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            // ParseValue copies into the document, so the caller may reuse the bytes at once.
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
            var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                throw new InvalidInputException("Malformed JSON: content after the top-level value.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"Malformed JSON: {ex.Message}", innerException: ex);
        }
    }

    private const int ReadSliceBytes = 256 * 1024;

    /// <summary>Reads the body into a pooled buffer the caller returns; refuses more than the bound unread.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadPooledAsync(HttpRequest request, long maxBytes,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new PayloadTooLargeException(maxBytes);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, maxBytes) + 1);
        var length = 0;
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                // Resume once a large slice has arrived rather than once per socket read (4 KiB under Kestrel): an
                // 800 KB tensor body is a handful of wake-ups, not two hundred. The slice stays under Kestrel's
                // request buffer limit (1 MiB by default), past which the transport stops reading.
                var result = await reader.ReadAtLeastAsync(ReadSliceBytes, cancellationToken);
                var data = result.Buffer;
                if (length + data.Length > maxBytes)
                {
                    reader.AdvanceTo(data.End);
                    throw new PayloadTooLargeException(maxBytes);
                }

                while (length + data.Length > buffer.Length)
                {
                    buffer = Grow(buffer, length, maxBytes);
                }

                data.CopyTo(buffer.AsSpan(length));
                length += (int)data.Length;
                reader.AdvanceTo(data.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            if (length == 0)
            {
                throw new InvalidInputException("The request body is empty; send a JSON object.");
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static byte[] Grow(byte[] buffer, int length, long maxBytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
