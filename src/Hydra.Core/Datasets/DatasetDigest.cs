using System.Security.Cryptography;
using System.Text;

namespace Hydra.Core.Datasets;

/// <summary>
/// What a job trained on, recorded on the job and in every model card: the dataset, the SHA-256 of each of its files
/// (the first <see cref="MaxListedFiles"/> by path) and one SHA-256 over all of them (<see cref="Sha256"/>, the
/// digest of a <c>sha256sum</c> listing: "{sha}  {path}\n" per file in ordinal order), so anyone can check the data.
/// </summary>
public sealed record DatasetDigest(string Dataset, string Sha256, int FileCount, long Bytes,
    IReadOnlyList<DatasetFileHash> Files)
{
    /// <summary>A job record is one table property: the listing stops here, the digest covers every file.</summary>
    public const int MaxListedFiles = 32;

    public static DatasetDigest Of(string name, IReadOnlyList<DatasetFileHash> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var listing = new StringBuilder();
        foreach (var file in ordered)
        {
            listing.Append(file.Sha256).Append("  ").Append(file.Path).Append('\n');
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
        return new DatasetDigest(DatasetReference.Of(name), digest, ordered.Count, ordered.Sum(f => f.Bytes),
            [.. ordered.Take(MaxListedFiles)]);
    }
}
