namespace Hydra.Core.Storage;

/// <summary>
/// One stored artifact as a listing sees it: its path, its size in bytes and the store's version of its content (a
/// blob's ETag, a file's write time and length), which changes whenever the content is replaced.
/// </summary>
public sealed record ArtifactInfo(string Path, long Bytes, string Version);
