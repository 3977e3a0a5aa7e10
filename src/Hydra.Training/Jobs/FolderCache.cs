namespace Hydra.Training.Jobs;

/// <summary>
/// One downloaded folder per worker execution, by the fingerprint of what it holds: downloaded on first use, reused
/// while the same key is asked for, deleted when another key is needed and when the worker ends. What
/// <see cref="DatasetCache"/> and <see cref="TeacherCache"/> keep their downloads in.
/// </summary>
internal sealed class FolderCache<TLocal>(string root) : IDisposable
    where TLocal : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Key, string Folder, TLocal Local)? _current;
    private int _downloads;

    public int Downloads => Volatile.Read(ref _downloads);

    /// <summary>
    /// The download for <paramref name="key"/>, made into "{root}/{name}-{key[..16]}" unless it is there already.
    /// </summary>
    public async Task<TLocal> GetAsync(string key, string name, Func<string, Task<TLocal>> download,
        CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } current && current.Key == key)
            {
                return current.Local;
            }

            DeleteCurrent();
            var folder = Path.Combine(root, $"{name}-{key[..16]}");
            try
            {
                var local = await download(folder);
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
