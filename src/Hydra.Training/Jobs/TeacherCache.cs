using Hydra.Core.Storage;
using Hydra.Core.Teachers;

namespace Hydra.Training.Jobs;

/// <summary>
/// The teachers of one worker execution, as <see cref="DatasetCache"/> keeps datasets: a job's teacher folder is
/// downloaded once, on its first unit, and reused by a later delivery of the same snapshot; it is deleted when other
/// teachers are needed and when the worker ends, so one execution never holds more than one folder of teachers.
/// </summary>
public sealed class TeacherCache : IDisposable
{
    private readonly TeacherDownloader _downloader;
    private readonly FolderCache<TeacherDownloader.LocalTeachers> _folders;

    public TeacherCache(IArtifactStore artifacts, TeacherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var settings = options ?? new TeacherOptions();
        _downloader = new TeacherDownloader(artifacts, settings);
        _folders = new(Path.GetFullPath(settings.DownloadPath.Length > 0 ? settings.DownloadPath
            : Path.Combine(Path.GetTempPath(), $"hydra-teachers-{Environment.ProcessId}")));
    }

    /// <summary>How many teacher folders this execution has downloaded.</summary>
    public int Downloads => _folders.Downloads;

    /// <summary>The snapshot's files on local disk, downloaded now unless they already are.</summary>
    /// <exception cref="TeacherException">A file breaks a rule or changed after the job was submitted.</exception>
    public Task<TeacherDownloader.LocalTeachers> GetAsync(TeacherSnapshot snapshot,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return _folders.GetAsync(snapshot.Fingerprint, snapshot.Name,
            folder => _downloader.DownloadAsync(snapshot, folder, cancellationToken), cancellationToken);
    }

    public void Dispose() => _folders.Dispose();
}
