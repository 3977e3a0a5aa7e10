using System.IO.Compression;

namespace Hydra.Core.Data;

/// <summary>Reads NumPy <c>.npz</c> archives (a zip of .npy files, stored or deflated) into arrays by name.</summary>
public static class NpzReader
{
    private const string NpyExtension = ".npy";

    /// <summary>
    /// The archive's arrays keyed by entry name without ".npy" (as <c>numpy.load(path)[name]</c> keys them).
    /// </summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith(NpyExtension, StringComparison.Ordinal))
                {
                    arrays[entry.FullName[..^NpyExtension.Length]] = NpyReader.Parse(ReadEntry(entry), path,
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

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream(entry.Length is > 0 and < int.MaxValue ? (int)entry.Length : 0);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
