using System.Text;
using nietras.SeparatedValues;

namespace Hydra.Core.Data.Tabular;

/// <summary>
/// Reads a delimited text file (gzip or plain, recognised by its magic bytes; UTF-8) with Sep into columns: quoted
/// fields (which may span lines), a detected or given separator and header. Every problem is a
/// <see cref="DatasetFormatException"/> naming the file, the line and the column. The columns that a
/// <c>keepNumbers</c> test leaves out only count their numbers; the table's <see cref="CsvColumns.Numbers"/> reads
/// them again.
/// </summary>
internal static class CsvColumnReader
{
    /// <summary>Called for each non-blank row of a file, in order.</summary>
    public delegate void RowAction(CsvRow row);

    /// <param name="keepNumbers">Which columns (by the header's names and index) hold their numbers; all when null.
    /// </param>
    public static CsvColumns Read(string path, CsvOptions options,
        Func<IReadOnlyList<string>, int, bool>? keepNumbers = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SkipLines, nameof(options));
        if (!File.Exists(path))
        {
            throw new DatasetNotFoundException($"Data file '{path}' does not exist.");
        }

        var sink = new RowSink(path, options.HasHeader, keepNumbers);
        var separator = Separator(path, options);
        ForEachRow(path, options with { Separator = separator }, sink.Add);
        var table = sink.Finish();
        return keepNumbers is null ? table
            : table.WithNumbers(new CsvNumberSource(path, options with { Separator = separator }, table));
    }

    /// <summary>Reads the file's non-blank rows (after <see cref="CsvOptions.SkipLines"/>), header included.</summary>
    public static void ForEachRow(string path, CsvOptions options, RowAction action)
    {
        var separator = options.Separator ?? throw new ArgumentException("No separator.", nameof(options));
        try
        {
            using var text = Open(path, separator, options.MaxInflatedBytes);
            for (var skipped = 0; skipped < options.SkipLines && text.ReadLine() is not null; skipped++)
            {
            }

            if (separator == CsvOptions.Whitespace)
            {
                ReadWhitespace(path, text, options.SkipLines, action);
            }
            else
            {
                ReadSeparated(path, text, separator, options.SkipLines, action);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt gzip data: {e.Message}", e);
        }
    }

    private static char Separator(string path, CsvOptions options)
    {
        try
        {
            return options.Separator ?? DetectSeparator(path, options.SkipLines, options.MaxInflatedBytes);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"corrupt gzip data: {e.Message}", e);
        }
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

    private static void ReadSeparated(string path, TextReader text, char separator, int lineOffset, RowAction action)
    {
        using var reader = Sep.New(separator).Reader(o => o with
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = false,
        }).From(text);
        var start = 1;
        foreach (var row in reader)
        {
            // A row whose quote never closes runs to the end of the file; Sep then numbers it from there.
            var line = Math.Min(row.LineNumberFrom, start) + lineOffset;
            start = row.LineNumberToExcl;
            var fields = new CsvRow(path, line, row);
            if (!fields.IsBlank)
            {
                action(fields);
            }
        }
    }

    private static void ReadWhitespace(string path, TextReader text, int lineOffset, RowAction action)
    {
        var line = lineOffset;
        while (text.ReadLine() is { } content)
        {
            line++;
            var words = content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                action(new CsvRow(path, line, words));
            }
        }
    }
}
