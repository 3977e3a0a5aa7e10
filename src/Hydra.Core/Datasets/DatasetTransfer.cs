using System.Security.Cryptography;
using Hydra.Core.Storage;

namespace Hydra.Core.Datasets;

/// <summary>
/// Streams one stored file to a local file, hashing it on the way and stopping as soon as it runs past its bound, so
/// a file larger than announced is never written out in full.
/// </summary>
public static class DatasetTransfer
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Copies <paramref name="path"/> (at <paramref name="version"/> when given) to
    /// <paramref name="localFile"/>; returns its size and SHA-256 (hex).</summary>
    /// <param name="maxBytes">The most the file may hold; more fails before it is all read.</param>
    /// <exception cref="DatasetTooLargeException">The content runs past <paramref name="maxBytes"/>.</exception>
    /// <exception cref="ArtifactChangedException">The stored file is no longer at <paramref name="version"/>.
    /// </exception>
    public static async Task<(long Bytes, string Sha256)> CopyAsync(IArtifactStore store, string path,
        string? version, string localFile, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localFile))!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferBytes];
        long bytes = 0;
        await using (var source = await store.OpenReadAsync(path, version, cancellationToken))
        await using (var target = new FileStream(localFile, FileMode.Create, FileAccess.Write, FileShare.None,
            BufferBytes, useAsync: true))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                bytes += read;
                if (bytes > maxBytes)
                {
                    throw new DatasetTooLargeException($"'{path}' holds more than {maxBytes} bytes, the most it "
                        + "may hold here.");
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return (bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
