using System.Text.Json.Serialization;
using Hydra.Core.Storage;

namespace Hydra.Core.Datasets;

/// <summary>
/// A stored dataset as a job was submitted with it: every file it trains on (dataset.json first), each with its size
/// and the store's version of its content. Kept in the job's spec; the worker downloads exactly these versions, and
/// fails the job when any of them has changed.
/// </summary>
/// <param name="Files">Paths relative to the dataset's folder, in ordinal order.</param>
public sealed record DatasetSnapshot(string Name, IReadOnlyList<ArtifactInfo> Files)
{
    [JsonIgnore]
    public long TotalBytes => Files.Sum(f => f.Bytes);

    /// <summary>"datasets/{name}".</summary>
    [JsonIgnore]
    public string Reference => DatasetReference.Of(Name);

    /// <summary>
    /// SHA-256 (hex) over every file's path, size and version: equal for the same stored content, different once any
    /// file is replaced. Part of a derived job id, so resubmitting after new data were uploaded makes a new job.
    /// </summary>
    [JsonIgnore]
    public string Fingerprint => ArtifactFingerprint.Of(Name, Files);
}
