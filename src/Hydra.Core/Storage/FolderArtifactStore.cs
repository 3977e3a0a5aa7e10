namespace Hydra.Core.Storage;

/// <summary>
/// An artifact store on a local folder; writes go to a temporary file that is then renamed into place.
/// </summary>
public sealed class FolderArtifactStore : IArtifactStore
{
    public FolderArtifactStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(Resolve(path)));

    public async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"No artifact at '{path}' in {Root}.", full);
        }

        return await File.ReadAllBytesAsync(full, cancellationToken);
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                1 << 16, useAsync: true))
            {
                await stream.WriteAsync(content, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var full = Resolve(prefix);
        var directory = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var paths = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => p.StartsWith(Normalize(prefix), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<string>>(paths);
    }

    /// <summary>Every file under <paramref name="prefix"/> with its length and a version from its write time.</summary>
    public async Task<IReadOnlyList<ArtifactInfo>> ListInfoAsync(string prefix, CancellationToken cancellationToken)
    {
        var infos = new List<ArtifactInfo>();
        foreach (var path in await ListAsync(prefix, cancellationToken))
        {
            var file = new FileInfo(Resolve(path));
            if (file.Exists)
            {
                infos.Add(new ArtifactInfo(path, file.Length, VersionOf(file.LastWriteTimeUtc, file.Length)));
            }
        }

        return infos;
    }

    /// <summary>
    /// The file, open for reading. Writes replace a file by renaming a new one into place, so the open stream keeps
    /// the content it was opened on; its version is checked on the open handle.
    /// </summary>
    public Task<Stream> OpenReadAsync(string path, string? version, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        FileStream stream;
        try
        {
            stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"No artifact at '{path}' in {Root}.", full, e);
        }

        if (version is not null && version != VersionOf(File.GetLastWriteTimeUtc(stream.SafeFileHandle),
            stream.Length))
        {
            stream.Dispose();
            throw new ArtifactChangedException(path, version);
        }

        return Task.FromResult<Stream>(stream);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        // Idempotent even when the folder is missing too (File.Delete throws DirectoryNotFoundException there).
        var full = Resolve(path);
        if (File.Exists(full))
        {
            File.Delete(full);
        }

        return Task.CompletedTask;
    }

    private static string VersionOf(DateTime lastWriteUtc, long length) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lastWriteUtc.Ticks:x}-{length:x}");

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('/');

    private string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(Path.Combine(Root, Normalize(path)));
        if (full != Root && !full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Path '{path}' leaves the store's root.", nameof(path));
        }

        return full;
    }
}
