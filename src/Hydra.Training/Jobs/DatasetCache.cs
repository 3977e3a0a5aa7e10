using Hydra.Core.Datasets;
using Hydra.Core.Storage;

namespace Hydra.Training.Jobs;

/// <summary>
/// The stored datasets of one worker execution: a job's dataset is downloaded once, on its first unit, and reused by
/// every later unit of the same snapshot; it is deleted when another dataset is needed and when the worker ends, so
/// one execution never holds more than one dataset on disk.
/// </summary>
public sealed class DatasetCache : IDisposable
{
    private readonly DatasetDownloader _downloader;
    private readonly string _root;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Entry? _current;
    private int _downloads;

    public DatasetCache(IArtifactStore artifacts, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var settings = options ?? new DatasetOptions();
        _downloader = new DatasetDownloader(artifacts, settings);
        _root = Path.GetFullPath(settings.DownloadPath.Length > 0 ? settings.DownloadPath
            : Path.Combine(Path.GetTempPath(), $"hydra-datasets-{Environment.ProcessId}"));
    }

    /// <summary>How many datasets this execution has downloaded.</summary>
    public int Downloads => Volatile.Read(ref _downloads);

    /// <summary>The snapshot's files on local disk, downloaded now unless they already are.</summary>
    /// <exception cref="DatasetChangedException">The dataset changed after the job was submitted.</exception>
    /// <exception cref="DatasetTooLargeException">The dataset is over the bounds.</exception>
    public async Task<DatasetDownloader.LocalDataset> GetAsync(DatasetSnapshot snapshot,
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
                _current = new Entry(key, folder, local);
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

    private sealed record Entry(string Key, string Folder, DatasetDownloader.LocalDataset Local);
}
