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

            try
            {
                // ParseValue copies into the document (Parse(Memory) would keep pointing at the pooled buffer).
                var reader = new Utf8JsonReader(buffer.AsSpan(0, length), new JsonReaderOptions { MaxDepth = 16 });
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
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
