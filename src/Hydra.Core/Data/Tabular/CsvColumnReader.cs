using System.Text;
using nietras.SeparatedValues;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a delimited text file (gzip or plain, recognised by its magic bytes; UTF-8) once, with Sep, into columns:
/// quoted fields (which may span lines), a detected or given separator and header. Every problem is a
/// <see cref="DatasetFormatException"/> naming the file, the line and the column.
/// </summary>
internal static class CsvColumnReader
{
    public static CsvColumns Read(string path, CsvOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SkipLines, nameof(options));
        if (!File.Exists(path))
        {
            throw new DatasetNotFoundException($"Data file '{path}' does not exist.");
        }

        var sink = new RowSink(path, options.HasHeader);
        try
        {
            var separator = options.Separator ?? DetectSeparator(path, options.SkipLines, options.MaxInflatedBytes);
            using var text = Open(path, separator, options.MaxInflatedBytes);
            for (var skipped = 0; skipped < options.SkipLines && text.ReadLine() is not null; skipped++)
            {
            }

            if (separator == CsvOptions.Whitespace)
            {
                ReadWhitespace(text, options.SkipLines, sink);
            }
            else
            {
                ReadSeparated(text, separator, options.SkipLines, sink);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt gzip data: {e.Message}", e);
        }

        return sink.Finish();
    }

    /// <summary>';' if the first line read holds one, else ',', else a tab, else runs of whitespace.</summary>
    private static char DetectSeparator(string path, int skipLines, long limit)
    {
        using var text = Open(path, ',', limit);
        string? line;
        var number = 0;
        while ((line = text.ReadLine()) is not null && (++number <= skipLines || string.IsNullOrWhiteSpace(line)))
        {
        }

        return line is null ? ','
            : line.Contains(';', StringComparison.Ordinal) ? ';'
            : line.Contains(',', StringComparison.Ordinal) ? ','
            : line.Contains('\t', StringComparison.Ordinal) ? '\t'
            : CsvOptions.Whitespace;
    }

    private static StreamReader Open(string path, char separator, long limit)
    {
        Stream stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = 0;
        if (GzipContent.IsGzip(magic[..read]))
        {
            stream = GzipContent.OpenInflating(stream, path, limit);
        }

        return new StreamReader(new Utf8CheckingStream(stream, path, separator), new UTF8Encoding(false),
            detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    private static void ReadSeparated(TextReader text, char separator, int lineOffset, RowSink sink)
    {
        using var reader = Sep.New(separator).Reader(o => o with
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = false,
        }).From(text);
        var fields = new List<string>();
        var start = 1;
        foreach (var row in reader)
        {
            // A row whose quote never closes runs to the end of the file; Sep then numbers it from there.
            var line = Math.Min(row.LineNumberFrom, start) + lineOffset;
            start = row.LineNumberToExcl;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
            {
                continue;
            }

            fields.Clear();
            for (var c = 0; c < row.ColCount; c++)
            {
                fields.Add(Unquote(sink.Path, line, c, row[c].Span.Trim()));
            }

            sink.Add(line, fields);
        }
    }

    private static void ReadWhitespace(TextReader text, int lineOffset, RowSink sink)
    {
        var line = lineOffset;
        while (text.ReadLine() is { } content)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(content))
            {
                sink.Add(line, content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }

    /// <summary>A quoted field without its quotes ("" stands for one quote); an unquoted field as it is.</summary>
    private static string Unquote(string path, int line, int column, ReadOnlySpan<char> field)
    {
        if (field.IsEmpty || field[0] != '"')
        {
            return field.ToString();
        }

        if (field.Length < 2 || field[^1] != '"')
        {
            throw new DatasetFormatException(path,
                $"line {line}, column {column + 1}: a quoted field is not closed, or has text after its closing quote");
        }

        return field[1..^1].ToString().Replace("\"\"", "\"", StringComparison.Ordinal);
    }
}
