using Hydra.Core.Storage;

namespace Hydra.Core.Datasets;

/// <summary>
/// The worker's side of a stored dataset: downloads exactly the files of the job's <see cref="DatasetSnapshot"/>, each
/// at the version it was submitted with, streamed to a local folder with its SHA-256 computed on the way. Anything
/// changed since (a file replaced, removed or grown) fails with <see cref="DatasetChangedException"/>; the bounds are
/// checked from the listing before the first byte and again while streaming.
/// </summary>
public sealed class DatasetDownloader
{
    private readonly IArtifactStore _artifacts;
    private readonly DatasetOptions _options;

    public DatasetDownloader(IArtifactStore artifacts, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        _artifacts = artifacts;
        _options = new DatasetOptionsValidator().ThrowIfInvalid(options ?? new DatasetOptions());
    }

    /// <summary>A downloaded dataset: its local dataset.json (for the loader) and the files' digest.</summary>
    public sealed record LocalDataset(string DescriptionPath, DatasetDigest Digest);

    /// <summary>Downloads the snapshot's files into <paramref name="folder"/> (made empty first).</summary>
    /// <exception cref="DatasetChangedException">A file is not at the submitted version any more.</exception>
    /// <exception cref="DatasetTooLargeException">The dataset is over the bounds.</exception>
    /// <exception cref="DatasetDescriptionException">The stored description breaks the rules.</exception>
    public async Task<LocalDataset> DownloadAsync(DatasetSnapshot snapshot, string folder,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var name = snapshot.Name;
        await CheckUnchangedAsync(snapshot, cancellationToken);
        DatasetListing.CheckBounds(name, snapshot.Files, _options);

        var root = Path.GetFullPath(folder);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        // Each file is cut off at its listed size while it streams, and the listed sizes are within the bound, so the
        // download stays within it even if the store sends more than it listed.
        var hashes = new List<DatasetFileHash>();
        foreach (var file in snapshot.Files)
        {
            var local = LocalPath(root, file.Path);
            (long Bytes, string Sha256) copied;
            try
            {
                copied = await DatasetTransfer.CopyAsync(_artifacts, DatasetFilePath.InDataset(name, file.Path),
                    file.Version, local, file.Bytes, cancellationToken);
            }
            catch (ArtifactChangedException e)
            {
                throw DatasetChangedException.Of(name, $"'{file.Path}' was replaced", e);
            }
            catch (FileNotFoundException e)
            {
                throw DatasetChangedException.Of(name, $"'{file.Path}' was deleted", e);
            }
            catch (DatasetTooLargeException e)
            {
                throw DatasetChangedException.Of(name, $"'{file.Path}' holds more than its {file.Bytes} bytes", e);
            }

            if (copied.Bytes != file.Bytes)
            {
                throw DatasetChangedException.Of(name, $"'{file.Path}' holds {copied.Bytes} bytes, not {file.Bytes}");
            }

            hashes.Add(new DatasetFileHash(file.Path, copied.Bytes, copied.Sha256));
        }

        var descriptionPath = LocalPath(root, DatasetReference.DescriptionFileName);
        var (_, errors) = DatasetDescriptionRules.Parse(await File.ReadAllBytesAsync(descriptionPath,
            cancellationToken));
        if (errors.Count > 0)
        {
            throw new DatasetDescriptionException(name, errors);
        }

        return new LocalDataset(descriptionPath, DatasetDigest.Of(name, hashes));
    }

    /// <summary>Every file of the snapshot is still stored at its size and version.</summary>
    private async Task CheckUnchangedAsync(DatasetSnapshot snapshot, CancellationToken cancellationToken)
    {
        var folder = DatasetReference.Folder(snapshot.Name);
        var current = (await _artifacts.ListInfoAsync(folder, cancellationToken))
            .ToDictionary(i => i.Path[folder.Length..], StringComparer.Ordinal);
        foreach (var file in snapshot.Files)
        {
            if (!current.TryGetValue(file.Path, out var now))
            {
                throw DatasetChangedException.Of(snapshot.Name, $"'{file.Path}' was deleted");
            }

            if (now.Bytes != file.Bytes || now.Version != file.Version)
            {
                throw DatasetChangedException.Of(snapshot.Name, now.Bytes != file.Bytes
                    ? $"'{file.Path}' held {file.Bytes} bytes and holds {now.Bytes} now"
                    : $"'{file.Path}' was replaced (version {file.Version}, now {now.Version})");
            }
        }
    }

    /// <summary>The local path of a dataset file; the path rule keeps it inside <paramref name="root"/>.</summary>
    private static string LocalPath(string root, string relative)
    {
        if (DatasetFilePath.Problem(relative) is { } problem)
        {
            throw new DatasetDescriptionException($"A dataset file {problem}.");
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full
            : throw new DatasetDescriptionException($"A dataset file '{relative}' leaves the dataset's folder.");
    }
}
