using Hydra.Core.Datasets;
using Hydra.Core.Storage;

namespace Hydra.Core.Teachers;

/// <summary>
/// The worker's side of a job's teachers: downloads exactly the files of its <see cref="TeacherSnapshot"/>, each at
/// the version it was submitted with, to a local folder, hashing each on the way. A file replaced, removed or grown
/// since, or over the bounds, fails with a <see cref="TeacherException"/> naming it (a permanent failure of the job).
/// </summary>
public sealed class TeacherDownloader
{
    private readonly IArtifactStore _artifacts;
    private readonly TeacherStore _rules;

    public TeacherDownloader(IArtifactStore artifacts, TeacherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        _artifacts = artifacts;
        _rules = new TeacherStore(artifacts, options);
    }

    /// <summary>
    /// Downloaded teachers: their local files in the order they stand in for members, the companion files when the
    /// folder has them, and every file's SHA-256.
    /// </summary>
    public sealed record LocalTeachers(IReadOnlyList<string> Files, string? ArchitecturePath, string? RenamePath,
        TeacherDigest Digest)
    {
        /// <summary>The folder's <see cref="TeacherFolder.OnnxFileName"/>, when it has one.</summary>
        public string? OnnxPath { get; init; }
    }

    /// <summary>Downloads the snapshot's files into <paramref name="folder"/> (made empty first).</summary>
    /// <exception cref="TeacherException">A file breaks a rule or is not at its submitted version any more.</exception>
    public async Task<LocalTeachers> DownloadAsync(TeacherSnapshot snapshot, string folder,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = Path.GetFullPath(folder);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        var current = (await _artifacts.ListInfoAsync(TeacherFolder.Folder(snapshot.Name), cancellationToken))
            .ToDictionary(i => i.Path[TeacherFolder.Folder(snapshot.Name).Length..], StringComparer.Ordinal);
        var hashes = new List<TeacherFile>();
        foreach (var file in snapshot.Files)
        {
            if (_rules.Problem(file) is { } problem)
            {
                throw new TeacherException(file.Path, problem);
            }

            if (!current.TryGetValue(file.Path, out var now) || now.Version != file.Version || now.Bytes != file.Bytes)
            {
                throw Changed(snapshot, file.Path, now is null ? "it was deleted" : "it was replaced");
            }

            var local = Path.Combine(root, file.Path);
            (long Bytes, string Sha256) copied;
            try
            {
                copied = await DatasetTransfer.CopyAsync(_artifacts, TeacherFolder.Folder(snapshot.Name) + file.Path,
                    file.Version, local, file.Bytes, cancellationToken);
            }
            catch (Exception e) when (e is ArtifactChangedException or FileNotFoundException
                or DatasetTooLargeException)
            {
                throw Changed(snapshot, file.Path, "it changed while it was downloaded", e);
            }

            hashes.Add(new TeacherFile(file.Path, copied.Bytes, copied.Sha256));
        }

        string? Companion(string name) => snapshot.Files.Any(f => f.Path == name) ? Path.Combine(root, name) : null;
        return new LocalTeachers([.. snapshot.Teachers.Select(f => Path.Combine(root, f.Path))],
            Companion(TeacherFolder.ArchitectureFileName), Companion(TeacherFolder.RenameFileName),
            new TeacherDigest(snapshot.Reference, hashes))
        {
            OnnxPath = Companion(TeacherFolder.OnnxFileName),
        };
    }

    private static TeacherException Changed(TeacherSnapshot snapshot, string file, string what,
        Exception? inner = null) =>
        new(file, $"{what} after the job was submitted ({snapshot.Reference}/{file}). Submit the job again to "
            + "distil from the new teachers.", inner);
}
