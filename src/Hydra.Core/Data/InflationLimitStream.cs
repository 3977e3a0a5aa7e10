namespace Hydra.Core.Data;

/// <summary>
/// A read-only view of an inflating stream (gzip, a zip entry) that fails as soon as more than a limit has come out
/// of it: a decompression bomb is stopped after at most the limit, never inflated whole.
/// </summary>
internal sealed class InflationLimitStream(Stream inner, string path, long limit, string? entry = null) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The error a content larger than <paramref name="limit"/> bytes gets.</summary>
    public static DatasetFormatException TooLarge(string path, long limit, string? entry) =>
        new(path, $"{(entry is null ? "" : $"entry '{entry}': ")}inflates to more than "
            + $"{DataLimits.Bytes(limit)}, the limit on decompressed data (setting "
            + $"{DataLimits.Setting(nameof(DataLimits.MaxInflatedBytes))}); a decompression bomb, or a file too large "
            + "to load");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw TooLarge(path, limit, entry);
        }
    }
}
