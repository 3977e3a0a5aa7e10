namespace Hydra.Core.Data;

/// <summary>How to read a delimited text file; the defaults detect the separator and the header.</summary>
public sealed record CsvOptions
{
    /// <summary>The separator that means "runs of spaces and tabs" rather than one character.</summary>
    public const char Whitespace = ' ';

    /// <summary>Lines to skip before the header (or the first data row), such as a line of metadata.</summary>
    public int SkipLines { get; init; }

    /// <summary>
    /// The field separator, or null to detect it from the first line read: ';' if it holds one, else ',' if it holds
    /// one,
    /// else a tab if it holds one, else runs of whitespace (<see cref="Whitespace"/>).
    /// </summary>
    public char? Separator { get; init; }

    /// <summary>
    /// Whether the first line read is a header, or null to detect it: it is a header when none of its fields is a
    /// number.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>The most bytes a gzip-compressed file may inflate to (see <see cref="DataLimits.MaxInflatedBytes"/>).
    /// </summary>
    public long MaxInflatedBytes { get; init; } = int.MaxValue;
}
