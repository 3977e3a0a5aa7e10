namespace Hydra.Azure.Storage;

/// <summary>
/// How <see cref="BlobArtifactStore"/> maps paths to containers and uploads content, bound from "Hydra:Blobs"
/// (Hydra__Blobs__ContainerPrefix, …); <see cref="BlobArtifactStoreOptionsValidator"/> says what each value may be.
/// </summary>
public sealed class BlobArtifactStoreOptions
{
    public const string SectionName = "Hydra:Blobs";

    /// <summary>
    /// Put before every container name ("" in production). Lets several stores share one account without seeing each
    /// other, e.g. one per test or per environment.
    /// </summary>
    public string ContainerPrefix { get; set; } = "";

    /// <summary>
    /// Content up to this size goes up in one Put Blob; larger content is staged in blocks and committed at once.
    /// </summary>
    public int SingleUploadLimitBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The size of each staged block above <see cref="SingleUploadLimitBytes"/>.</summary>
    public int BlockSizeBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many blocks are staged at the same time.</summary>
    public int MaxConcurrency { get; set; } = 4;
}
