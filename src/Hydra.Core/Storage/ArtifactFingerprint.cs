using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hydra.Core.Storage;

/// <summary>
/// SHA-256 (hex) over a named set of stored files' paths, sizes and versions: equal for the same stored content,
/// different once any file is replaced. What a job's snapshots of a dataset or teachers are told apart by.
/// </summary>
public static class ArtifactFingerprint
{
    public static string Of(string name, IEnumerable<ArtifactInfo> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder(name).Append('\n');
        foreach (var file in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"{file.Path}\t{file.Bytes}\t{file.Version}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
