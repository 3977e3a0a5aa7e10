namespace Hydra.Core.Teachers;

/// <summary>
/// A distill-only job's teachers as its record and <c>GET /api/training-jobs/{id}</c> show them: the folder and each
/// file with its size and, once a worker has downloaded it, its SHA-256 (the same the model cards record).
/// </summary>
public sealed record TeacherDigest(string Folder, IReadOnlyList<TeacherFile> Files)
{
    /// <summary>Whether a worker has recorded every file's SHA-256.</summary>
    public bool Hashed => Files.Count > 0 && Files.All(f => f.Sha256 is not null);
}
