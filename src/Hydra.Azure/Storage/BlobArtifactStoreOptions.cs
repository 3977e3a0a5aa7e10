namespace Hydra.Azure.Storage;

/// <summary>How <see cref="BlobArtifactStore"/> maps paths to containers and uploads content.</summary>
public sealed class BlobArtifactStoreOptions
{
    /// <summary>
    /// Put before every container name ("" in production). Lets several stores share one account without seeing each
    /// other, e.g. one per test or per environment.
    /// </summary>
    public string ContainerPrefix { get; init; } = "";

    /// <summary>Content up to this size goes up in one Put Blob; larger content is staged in blocks and committed at once.</summary>
    public int SingleUploadLimitBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>The size of each staged block above <see cref="SingleUploadLimitBytes"/>.</summary>
    public int BlockSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How many blocks are staged at the same time.</summary>
    public int MaxConcurrency { get; init; } = 4;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ContainerPrefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SingleUploadLimitBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BlockSizeBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency);
    }
}
