using Hydra.Serving.Http;
using Hydra.Serving.Scoring;
using Microsoft.AspNetCore.Http;

namespace Hydra.Serving.Tests;

/// <summary>
/// The body reader that waits for large slices: every byte arrives, in order, however the stream hands them over,
/// and the bound holds.
/// </summary>
public sealed class RequestBodyTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(700_001, 997)]
    [InlineData(600_000, 64 * 1024)]
    public async Task ReadPooledBytesAsync_BodyArrivingInPieces_KeepsEveryByteInOrder(int size, int piece)
    {
        var body = Enumerable.Range(0, size).Select(i => (byte)(i * 31 % 251)).ToArray();
        var request = Request(new TricklingStream(body, piece), size);

        var (buffer, length) = await RequestBody.ReadPooledBytesAsync(request, 1 << 20, CancellationToken.None);

        Assert.Equal(size, length);
        Assert.Equal(body, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public async Task ReadPooledBytesAsync_LongerThanTheBoundWithoutContentLength_IsRefused()
    {
        var body = new byte[300_000];
        var request = Request(new TricklingStream(body, 4096), contentLength: null);

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            RequestBody.ReadPooledBytesAsync(request, 299_999, CancellationToken.None));

        Assert.Equal(299_999, error.MaxBytes);
    }

    [Fact]
    public async Task ReadPooledBytesAsync_EmptyBody_IsRefused()
    {
        var request = Request(new MemoryStream(), 0);

        await Assert.ThrowsAsync<InvalidInputException>(() =>
            RequestBody.ReadPooledBytesAsync(request, 1024, CancellationToken.None));
    }

    private static HttpRequest Request(Stream body, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentLength = contentLength;
        return context.Request;
    }

    /// <summary>A stream that hands over at most <c>piece</c> bytes per read, as a socket does.</summary>
    private sealed class TricklingStream(byte[] data, int piece) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, Math.Min(count, piece));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count,
            CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, piece), cancellationToken);
    }
}
