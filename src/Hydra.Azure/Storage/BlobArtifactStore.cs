using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Hydra.Core.Storage;

namespace Hydra.Azure.Storage;

/// <summary>
/// The artifact store on Azure Blob storage. A path's first segment is the container
/// ("checkpoints/{jobId}/hydra/model.json"
/// is blob "{jobId}/hydra/model.json" in container "checkpoints"); containers are created on first write. Writes are
/// all-or-nothing: one Put Blob up to <see cref="BlobArtifactStoreOptions.SingleUploadLimitBytes"/>, above it blocks
/// are
/// staged and then committed by one Put Block List, so a reader sees the old blob or the new one, never a part.
/// </summary>
public sealed class BlobArtifactStore : IArtifactStore
{
    private readonly BlobServiceClient _service;
    private readonly BlobArtifactStoreOptions _options;
    private readonly ConcurrentDictionary<string, byte> _knownContainers = new(StringComparer.Ordinal);

    public BlobArtifactStore(BlobServiceClient service, BlobArtifactStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _options = new BlobArtifactStoreOptionsValidator().ThrowIfInvalid(options ?? new BlobArtifactStoreOptions());
    }

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        var blob = Blob(BlobPath.Parse(path, _options.ContainerPrefix));
        return (await blob.ExistsAsync(cancellationToken)).Value;
    }

    public async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var target = BlobPath.Parse(path, _options.ContainerPrefix);
        try
        {
            // One GET of the whole blob: the service answers from a single committed version.
            var download = await Blob(target).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException(
                $"No artifact at '{path}' (blob '{target.Name}' in container '{target.Container}').", path, e);
        }
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var target = BlobPath.Parse(path, _options.ContainerPrefix);
        await EnsureContainerAsync(target.Container, cancellationToken);
        try
        {
            await UploadAsync(BlockBlob(target), content, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // The container was deleted since it was cached: create it again, once.
            _knownContainers.TryRemove(target.Container, out _);
            await EnsureContainerAsync(target.Container, cancellationToken);
            await UploadAsync(BlockBlob(target), content, cancellationToken);
        }
    }

    /// <summary>
    /// Every path that starts with <paramref name="prefix"/>, in ordinal order; as in the folder store, a prefix that
    /// names a
    /// folder ("models" with "models/…" present) lists that folder only, not its siblings ("models-old/…").
    /// </summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        [.. (await ListInfoAsync(prefix, cancellationToken)).Select(i => i.Path)];

    /// <summary>
    /// As <see cref="ListAsync"/>, with each blob's length and ETag from the same listing.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactInfo>> ListInfoAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var normalized = BlobPath.Normalize(prefix);
        var slash = normalized.IndexOf('/', StringComparison.Ordinal);
        var infos = new List<ArtifactInfo>();
        if (slash < 0)
        {
            // No container named in full: every container that starts with the prefix, whole.
            await foreach (var container in _service.GetBlobContainersAsync(BlobContainerTraits.None,
                BlobContainerStates.None, _options.ContainerPrefix + normalized, cancellationToken))
            {
                await AddBlobsAsync(container.Name, "", infos, cancellationToken);
            }
        }
        else
        {
            var container = BlobPath.ContainerName(_options.ContainerPrefix, normalized[..slash], prefix);
            await AddBlobsAsync(container, normalized[(slash + 1)..], infos, cancellationToken);
        }

        return FolderSemantics(normalized, infos);
    }

    /// <summary>
    /// The blob's content as a stream read from the service as it is consumed (one GET, resumed on a broken
    /// connection); with <paramref name="version"/> (an ETag), only that version: a blob replaced meanwhile fails.
    /// </summary>
    public async Task<Stream> OpenReadAsync(string path, string? version, CancellationToken cancellationToken)
    {
        var target = BlobPath.Parse(path, _options.ContainerPrefix);
        var options = new BlobDownloadOptions
        {
            Conditions = version is null ? null : new BlobRequestConditions { IfMatch = new ETag(version) },
        };
        try
        {
            var download = await Blob(target).DownloadStreamingAsync(options, cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException(
                $"No artifact at '{path}' (blob '{target.Name}' in container '{target.Container}').", path, e);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new ArtifactChangedException(path, version!, e);
        }
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var blob = Blob(BlobPath.Parse(path, _options.ContainerPrefix));
        await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken);
    }

    private static List<ArtifactInfo> FolderSemantics(string prefix, List<ArtifactInfo> infos)
    {
        var folder = prefix.EndsWith('/') ? prefix : prefix + "/";
        var matching = infos.Where(i => i.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (prefix.Length > 0 && !prefix.EndsWith('/') && matching.Any(i => i.Path.StartsWith(folder,
            StringComparison.Ordinal)))
        {
            matching = [.. matching.Where(i => i.Path.StartsWith(folder, StringComparison.Ordinal))];
        }

        matching.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return matching;
    }

    private async Task AddBlobsAsync(string container, string blobPrefix, List<ArtifactInfo> infos,
        CancellationToken cancellationToken)
    {
        var client = _service.GetBlobContainerClient(container);
        var visible = container[_options.ContainerPrefix.Length..];
        try
        {
            var options = new GetBlobsOptions { Prefix = blobPrefix.Length == 0 ? null : blobPrefix };
            await foreach (var blob in client.GetBlobsAsync(options, cancellationToken))
            {
                infos.Add(new ArtifactInfo($"{visible}/{blob.Name}", blob.Properties.ContentLength ?? 0,
                    blob.Properties.ETag?.ToString() ?? ""));
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Nothing was ever written there: an empty listing, as for a missing folder.
        }
    }

    private BlobClient Blob(BlobPath target) => _service.GetBlobContainerClient(target.Container).GetBlobClient(
        target.Name);

    private BlockBlobClient BlockBlob(BlobPath target) => _service.GetBlobContainerClient(
        target.Container).GetBlockBlobClient(target.Name);

    private async Task EnsureContainerAsync(string container, CancellationToken cancellationToken)
    {
        if (_knownContainers.ContainsKey(container))
        {
            return;
        }

        await _service.GetBlobContainerClient(container).CreateIfNotExistsAsync(PublicAccessType.None, metadata: null,
            cancellationToken: cancellationToken);
        _knownContainers.TryAdd(container, 0);
    }

    private async Task UploadAsync(BlockBlobClient blob, ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken)
    {
        if (content.Length <= _options.SingleUploadLimitBytes)
        {
            // Put Blob replaces the whole blob in one request.
            using var stream = BinaryData.FromBytes(content).ToStream();
            await blob.UploadAsync(stream, new BlobUploadOptions(), cancellationToken);
            return;
        }

        await UploadInBlocksAsync(blob, content, cancellationToken);
    }

    private async Task UploadInBlocksAsync(BlockBlobClient blob, ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken)
    {
        // Staged blocks stay invisible until the commit; the write's own id keeps a concurrent writer's blocks apart.
        var writeId = Guid.NewGuid().ToString("N");
        var count = (content.Length + _options.BlockSizeBytes - 1) / _options.BlockSizeBytes;
        var ids = Enumerable.Range(0, count).Select(i => BlockId(writeId, i)).ToArray();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = _options.MaxConcurrency,
            CancellationToken = cancellationToken
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (index, token) =>
        {
            var start = index * _options.BlockSizeBytes;
            var block = content.Slice(start, Math.Min(_options.BlockSizeBytes, content.Length - start));
            using var stream = BinaryData.FromBytes(block).ToStream();
            await blob.StageBlockAsync(ids[index], stream, new BlockBlobStageBlockOptions(), token);
        });

        await blob.CommitBlockListAsync(ids, new CommitBlockListOptions(), cancellationToken);
    }

    /// <summary>Base64 of a fixed-length id: every block id of one blob must have the same length.</summary>
    private static string BlockId(string writeId, int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(
            $"{writeId}-{index.ToString("D6", CultureInfo.InvariantCulture)}"));
}
