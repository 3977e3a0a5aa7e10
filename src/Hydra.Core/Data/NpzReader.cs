using System.IO.Compression;

namespace Hydra.Core.Data;

/// <summary>Reads NumPy <c>.npz</c> archives (a zip of .npy files, stored or deflated) into arrays by name.</summary>
public static class NpzReader
{
    private const string NpyExtension = ".npy";

    /// <summary>
    /// The archive's arrays keyed by entry name without ".npy" (as <c>numpy.load(path)[name]</c> keys them); with
    /// <paramref name="names"/>, only those of them the archive holds. Each entry is checked against
    /// <see cref="DataLimits.MaxInflatedBytes"/> before (its declared size) and while (what comes out) it is inflated.
    /// </summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path, IReadOnlyCollection<string>? names = null,
        DataLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var limit = Math.Min((limits ?? new DataLimits()).MaxInflatedBytes, Array.MaxLength);
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.EndsWith(NpyExtension, StringComparison.Ordinal))
                {
                    continue;
                }

                var name = entry.FullName[..^NpyExtension.Length];
                if (names is null || names.Contains(name))
                {
                    arrays[name] = NpyReader.Parse(ReadEntry(path, entry, limit).Span, path,
                        entry.FullName);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"not a readable .npz (zip) archive: {e.Message}", e);
        }

        return arrays;
    }

    /// <summary>The names of the arrays in the archive, without reading them.</summary>
    public static IReadOnlyList<string> Names(string path)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            return [.. archive.Entries.Where(e => e.FullName.EndsWith(NpyExtension, StringComparison.Ordinal))
                .Select(e => e.FullName[..^NpyExtension.Length])];
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, $"not a readable .npz (zip) archive: {e.Message}", e);
        }
    }

    private static ReadOnlyMemory<byte> ReadEntry(string path, ZipArchiveEntry entry, long limit)
    {
        if (entry.Length > limit)
        {
            throw InflationLimitStream.TooLarge(path, limit, entry.FullName);
        }

        using var stream = new InflationLimitStream(entry.Open(), path, limit, entry.FullName);
        using var buffer = new MemoryStream(entry.Length is > 0 and < int.MaxValue ? (int)entry.Length : 0);
        stream.CopyTo(buffer);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
