using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;

namespace Hydra.Serving.Http;

/// <summary>
/// An inference request body: JSON alone, or (the binary tensor data extension, as KServe and Triton clients send large
/// inputs) a JSON header of <c>Inference-Header-Content-Length</c> bytes followed by raw little-endian tensor bytes.
/// </summary>
public sealed class InferenceBody : IDisposable
{
    /// <summary>The request header that gives the JSON header's length in bytes.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    private byte[]? _pooled;

    private InferenceBody(JsonDocument json, ReadOnlyMemory<byte> binary, byte[]? pooled = null)
    {
        Json = json;
        Binary = binary;
        _pooled = pooled;
    }

    public JsonDocument Json { get; }

    /// <summary>The bytes after the JSON header (empty for a JSON-only request), valid until disposed.</summary>
    public ReadOnlyMemory<byte> Binary { get; }

    /// <exception cref="PayloadTooLargeException">The body is longer than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="InvalidInputException">Not JSON, or a header length the body does not have.</exception>
    public static async Task<InferenceBody> ReadAsync(HttpRequest request, long maxBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue(HeaderLengthHeader, out var value))
        {
            return new InferenceBody(await RequestBody.ReadJsonAsync(request, maxBytes, cancellationToken), default);
        }

        if (!int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var headerLength)
            || headerLength == 0)
        {
            throw new InvalidInputException(
                $"{HeaderLengthHeader} is '{value}'; it must be the JSON header's length in bytes "
                + "(a positive integer).");
        }

        var (buffer, length) = await RequestBody.ReadPooledBytesAsync(request, maxBytes, cancellationToken);
        try
        {
            if (headerLength > length)
            {
                throw new InvalidInputException(
                    $"{HeaderLengthHeader} is {headerLength} but the body has only {length} bytes.");
            }

            var json = RequestBody.ParseJson(buffer.AsSpan(0, headerLength));
            return new InferenceBody(json, buffer.AsMemory(headerLength, length - headerLength), buffer);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        Json.Dispose();
        if (Interlocked.Exchange(ref _pooled, null) is { } pooled)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
