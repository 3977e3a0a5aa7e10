namespace Hydra.Core.Data.Tabular;

/// <summary>
/// A read-only pass-through that checks the bytes are UTF-8 as they stream by, so a file saved in another encoding
/// fails with its exact line and field instead of turning into replacement characters. Quotes are tracked so that a
/// separator inside a quoted field does not count as a new field.
/// </summary>
internal sealed class Utf8CheckingStream(Stream inner, string path, char separator) : Stream
{
    private readonly byte _separator = separator is > '\0' and < '\u0080' ? (byte)separator : (byte)0;
    private int _continuations;
    private int _line = 1;
    private int _field = 1;
    private bool _quoted;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (read == 0 && _continuations > 0)
        {
            throw Invalid("the file ends inside a multi-byte character");
        }

        Check(buffer[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Check(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (_continuations > 0)
            {
                if ((b & 0xC0) != 0x80)
                {
                    throw Invalid($"byte 0x{b:X2} where a multi-byte character continues");
                }

                _continuations--;
                continue;
            }

            _continuations = b switch
            {
                < 0x80 => 0,
                >= 0xC2 and <= 0xDF => 1,
                >= 0xE0 and <= 0xEF => 2,
                >= 0xF0 and <= 0xF4 => 3,
                _ => throw Invalid($"byte 0x{b:X2} cannot start a character"),
            };
            Track(b);
        }
    }

    private void Track(byte b)
    {
        if (b == (byte)'"')
        {
            _quoted = !_quoted;
        }
        else if (b == (byte)'\n')
        {
            _line++;
            _field = _quoted ? _field : 1;
        }
        else if (b == _separator && !_quoted)
        {
            _field++;
        }
    }

    private DatasetFormatException Invalid(string problem) =>
        new(path, $"line {_line}, column {_field}: not valid UTF-8 ({problem}); save the file as UTF-8");
}
