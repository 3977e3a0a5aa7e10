namespace Hydra.Core.Storage;

/// <summary>
/// Where checkpoints, models and reports live: a local folder (the embedded default) or a blob container.
/// Paths are '/'-separated and relative ("checkpoints/{jobId}/hydra/model.json"). Writes are all-or-nothing:
/// a reader sees the old content or the new, never a half-written file.
/// </summary>
public interface IArtifactStore
{
    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    /// <exception cref="FileNotFoundException">No artifact at <paramref name="path"/>.</exception>
    Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken);

    Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Every artifact path under <paramref name="prefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    Task DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Every artifact under <paramref name="prefix"/> (as <see cref="ListAsync"/> finds them) with its size and
    /// version. This default reads each one; the stores answer from their listing.
    /// </summary>
    async Task<IReadOnlyList<ArtifactInfo>> ListInfoAsync(string prefix, CancellationToken cancellationToken)
    {
        var infos = new List<ArtifactInfo>();
        foreach (var path in await ListAsync(prefix, cancellationToken))
        {
            var content = await ReadAsync(path, cancellationToken);
            infos.Add(new ArtifactInfo(path, content.Length, ContentVersion(content)));
        }

        return infos;
    }

    /// <summary>
    /// A stream over the artifact's content, read from the store as it is consumed where the store allows; with
    /// <paramref name="version"/>, only that version is read. This default reads it whole first.
    /// </summary>
    /// <exception cref="FileNotFoundException">No artifact at <paramref name="path"/>.</exception>
    /// <exception cref="ArtifactChangedException">The artifact is no longer at <paramref name="version"/>.</exception>
    async Task<Stream> OpenReadAsync(string path, string? version, CancellationToken cancellationToken)
    {
        var content = await ReadAsync(path, cancellationToken);
        if (version is not null && version != ContentVersion(content))
        {
            throw new ArtifactChangedException(path, version);
        }

        return new MemoryStream(content, writable: false);
    }

    /// <summary>The version the defaults give content: its SHA-256.</summary>
    private static string ContentVersion(byte[] content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}
