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

    /// <summary>The whole body as bytes (a JSON header followed by raw tensors, for instance).</summary>
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
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, maxBytes);
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    throw new PayloadTooLargeException(maxBytes);
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
