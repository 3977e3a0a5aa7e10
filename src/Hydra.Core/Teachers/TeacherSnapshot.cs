using System.Text.Json.Serialization;
using Hydra.Core.Storage;

namespace Hydra.Core.Teachers;

/// <summary>
/// A job's teachers as it was submitted with them: every file of <c>teachers/{name}/</c>, each with its size and the
/// store's version of its content. Kept in the job's spec; the worker downloads exactly these versions, or fails the
/// job.
/// </summary>
/// <param name="Files">Paths relative to the folder (file names), in ordinal order.</param>
public sealed record TeacherSnapshot(string Name, IReadOnlyList<ArtifactInfo> Files)
{
    /// <summary>"teachers/{name}".</summary>
    [JsonIgnore]
    public string Reference => TeacherFolder.Of(Name);

    /// <summary>The teachers (not their companion files), in the order they stand in for members.</summary>
    [JsonIgnore]
    public IReadOnlyList<ArtifactInfo> Teachers => [.. Files.Where(f => TeacherFolder.IsTeacherFile(f.Path))];

    /// <summary>Part of a derived job id: new teachers under the same name make a new job.</summary>
    [JsonIgnore]
    public string Fingerprint => ArtifactFingerprint.Of(Reference, Files);

    /// <summary>What the job records before a worker has hashed the files: names and sizes.</summary>
    public TeacherDigest Listing() => new(Reference, [.. Files.Select(f => new TeacherFile(f.Path, f.Bytes, null))]);
}
