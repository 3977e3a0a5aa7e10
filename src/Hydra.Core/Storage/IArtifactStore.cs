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
}
