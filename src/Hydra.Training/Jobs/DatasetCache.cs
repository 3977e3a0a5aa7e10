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
    private readonly FolderCache<DatasetDownloader.LocalDataset> _folders;

    public DatasetCache(IArtifactStore artifacts, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        var settings = options ?? new DatasetOptions();
        _downloader = new DatasetDownloader(artifacts, settings);
        _folders = new(Path.GetFullPath(settings.DownloadPath.Length > 0 ? settings.DownloadPath
            : Path.Combine(Path.GetTempPath(), $"hydra-datasets-{Environment.ProcessId}")));
    }

    /// <summary>How many datasets this execution has downloaded.</summary>
    public int Downloads => _folders.Downloads;

    /// <summary>The snapshot's files on local disk, downloaded now unless they already are.</summary>
    /// <exception cref="DatasetChangedException">The dataset changed after the job was submitted.</exception>
    /// <exception cref="DatasetTooLargeException">The dataset is over the bounds.</exception>
    public Task<DatasetDownloader.LocalDataset> GetAsync(DatasetSnapshot snapshot,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return _folders.GetAsync(snapshot.Fingerprint, snapshot.Name,
            folder => _downloader.DownloadAsync(snapshot, folder, cancellationToken), cancellationToken);
    }

    public void Dispose() => _folders.Dispose();
}
