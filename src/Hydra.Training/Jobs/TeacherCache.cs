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
    private readonly string _root;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Key, string Folder, TeacherDownloader.LocalTeachers Local)? _current;
    private int _downloads;

    public TeacherCache(IArtifactStore artifacts, TeacherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var settings = options ?? new TeacherOptions();
        _downloader = new TeacherDownloader(artifacts, settings);
        _root = Path.GetFullPath(settings.DownloadPath.Length > 0 ? settings.DownloadPath
            : Path.Combine(Path.GetTempPath(), $"hydra-teachers-{Environment.ProcessId}"));
    }

    /// <summary>How many teacher folders this execution has downloaded.</summary>
    public int Downloads => Volatile.Read(ref _downloads);

    /// <summary>The snapshot's files on local disk, downloaded now unless they already are.</summary>
    /// <exception cref="TeacherException">A file breaks a rule or changed after the job was submitted.</exception>
    public async Task<TeacherDownloader.LocalTeachers> GetAsync(TeacherSnapshot snapshot,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var key = snapshot.Fingerprint;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } current && current.Key == key)
            {
                return current.Local;
            }

            DeleteCurrent();
            var folder = Path.Combine(_root, $"{snapshot.Name}-{key[..16]}");
            try
            {
                var local = await _downloader.DownloadAsync(snapshot, folder, cancellationToken);
                Interlocked.Increment(ref _downloads);
                _current = (key, folder, local);
                return local;
            }
            catch
            {
                DeleteFolder(folder);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        DeleteCurrent();
        _gate.Dispose();
    }

    private void DeleteCurrent()
    {
        if (_current is { } current)
        {
            DeleteFolder(current.Folder);
            _current = null;
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
