using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hydra.Chaos.Check;

namespace Hydra.Chaos.Run;

/// <summary>
/// The run's write log, kept from outside the product: every second it lists checkpoints/ and models/ and records each
/// new version (ETag) of every blob. A new card is checked against its weights (and calibration rows) and raises the
/// blob-created event; a new manifest is checked against its graph and its version (the graph's SHA-256) recorded.
/// Hashes are computed here, independently of the product's readers.
/// </summary>
internal sealed class StorageObserver(BlobServiceClient blobs, ConversionTrigger conversions, FaultLog log)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, List<BlobVersion>> _blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _versions = new(StringComparer.Ordinal);
    private readonly List<ContentCheck> _problems = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<BlobHistory> Blobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _blobs.Select(b => new BlobHistory(b.Key, [.. b.Value]))];
            }
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ModelVersions
    {
        get
        {
            lock (_gate)
            {
                return _versions.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)[.. v.Value],
                    StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Problems seen while the run went on (a half-written state visible for a moment counts).</summary>
    public IReadOnlyList<ContentCheck> Problems
    {
        get
        {
            lock (_gate)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>
    /// Cards of served models (Hydra, Hydra+) seen so far: what a replay re-announces. A KD card's event is ignored by
    /// the conversion, so replaying it would prove nothing.
    /// </summary>
    public IReadOnlyList<string> ServedCards()
    {
        lock (_gate)
        {
            return [.. _blobs.Keys.Where(p => p.StartsWith("checkpoints/", StringComparison.Ordinal)
                && p.Split('/') is [_, _, "hydra" or "hydra-plus", "model.json"])];
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage away: look again next time.
                _ = e;
            }

            try
            {
                await Task.Delay(Interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over both containers.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        foreach (var container in new[] { "checkpoints", "models" })
        {
            var client = blobs.GetBlobContainerClient(container);
            if (!(await client.ExistsAsync(cancellationToken)).Value)
            {
                continue;
            }

            var listing = new List<BlobItem>();
            await foreach (var blob in client.GetBlobsAsync(new GetBlobsOptions(), cancellationToken))
            {
                listing.Add(blob);
            }

            // A folder's files before its card: weights first seen with their card count as written before it.
            foreach (var blob in listing.OrderBy(b => b.Name.EndsWith("/model.json", StringComparison.Ordinal)
                || b.Name.EndsWith("/manifest.json", StringComparison.Ordinal)))
            {
                var path = $"{container}/{blob.Name}";
                var etag = blob.Properties.ETag?.ToString() ?? "";
                if (IsNew(path, etag))
                {
                    // Inspected before it is recorded: an outage mid-way leaves it new for the next pass.
                    await InspectAsync(container, blob.Name, path, cancellationToken);
                    Record(path, etag);
                }
            }
        }
    }

    /// <summary>Checks what storage holds now: every card against its files, every manifest against its graph and the
    /// card it names as its source.</summary>
    public async Task<IReadOnlyList<ContentCheck>> FinalChecksAsync(CancellationToken cancellationToken)
    {
        var checks = new List<ContentCheck>();
        foreach (var path in Blobs.Select(b => b.Path))
        {
            var parts = path.Split('/', 2);
            if (path.EndsWith("/model.json", StringComparison.Ordinal) && parts[0] == "checkpoints")
            {
                checks.Add(new ContentCheck(path, await CheckCardAsync(parts[1], cancellationToken)));
            }
            else if (path.EndsWith("/manifest.json", StringComparison.Ordinal) && parts[0] == "models")
            {
                var (problem, _) = await CheckManifestAsync(parts[1], cancellationToken);
                checks.Add(new ContentCheck(path, problem));
            }
        }

        return checks;
    }

    private bool IsNew(string path, string etag)
    {
        lock (_gate)
        {
            return !_blobs.TryGetValue(path, out var versions) || versions[^1].ETag != etag;
        }
    }

    private void Record(string path, string etag)
    {
        lock (_gate)
        {
            if (!_blobs.TryGetValue(path, out var versions))
            {
                _blobs[path] = versions = [];
            }

            versions.Add(new BlobVersion(etag, DateTimeOffset.UtcNow));
        }
    }

    private async Task InspectAsync(string container, string name, string path, CancellationToken cancellationToken)
    {
        if (container == "checkpoints" && name.EndsWith("/model.json", StringComparison.Ordinal))
        {
            Problem(path, await CheckCardAsync(name, cancellationToken));
            conversions.Raise(path, replay: false);
        }
        else if (container == "models" && name.EndsWith("/manifest.json", StringComparison.Ordinal))
        {
            var (problem, onnx) = await CheckManifestAsync(name, cancellationToken);
            Problem(path, problem);
            if (onnx is not null)
            {
                var model = name[..name.IndexOf('/', StringComparison.Ordinal)];
                lock (_gate)
                {
                    if (!_versions.TryGetValue(model, out var list))
                    {
                        _versions[model] = list = [];
                    }

                    if (!list.Contains(onnx))
                    {
                        list.Add(onnx);
                        log.Write("model", $"{model}: version {onnx[..12]} ({list.Count} seen)");
                    }
                }
            }
        }
    }

    private void Problem(string path, string? problem)
    {
        if (problem is not null)
        {
            lock (_gate)
            {
                _problems.Add(new ContentCheck(path, problem + " (seen while running)"));
            }

            log.Write("violation", $"{path}: {problem}");
        }
    }

    /// <summary>A card's weights (and calibration rows) against the SHA-256 it states; null when they match.</summary>
    private async Task<string?> CheckCardAsync(string name, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient("checkpoints");
        var folder = name[..name.LastIndexOf('/')];
        using var card = await ReadJsonAsync(container.GetBlobClient(name), cancellationToken);
        if (card is null)
        {
            return "the card is not JSON";
        }

        foreach (var reference in new[] { "weights", "calibration" })
        {
            if (!card.RootElement.TryGetProperty(reference, out var file) || file.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var stated = file.GetProperty("sha256").GetString();
            var actual = await Sha256Async(container, $"{folder}/{file.GetProperty("file").GetString()}",
                cancellationToken);
            if (!string.Equals(stated, actual, StringComparison.OrdinalIgnoreCase))
            {
                return $"{reference} SHA-256 {Short(actual)} but the card says {Short(stated)}";
            }
        }

        return null;
    }

    /// <summary>A manifest against its graph's hash and its source card's weights hash.</summary>
    private async Task<(string? Problem, string? Onnx)> CheckManifestAsync(string name,
        CancellationToken cancellationToken)
    {
        var models = blobs.GetBlobContainerClient("models");
        using var manifest = await ReadJsonAsync(models.GetBlobClient(name), cancellationToken);
        if (manifest is null)
        {
            return ("the manifest is not JSON", null);
        }

        var root = manifest.RootElement;
        var onnx = root.GetProperty("onnx_sha256").GetString();
        var actual = await Sha256Async(models, $"{name[..name.LastIndexOf('/')]}/model.onnx", cancellationToken);
        if (!string.Equals(onnx, actual, StringComparison.OrdinalIgnoreCase))
        {
            return ($"model.onnx SHA-256 {Short(actual)} but the manifest says {Short(onnx)}", onnx);
        }

        var source = root.GetProperty("source");
        var folder = source.GetProperty("checkpoint_folder").GetString() ?? "";
        var card = folder.StartsWith("checkpoints/", StringComparison.Ordinal) ? folder["checkpoints/".Length..]
            : folder;
        var checkpoints = blobs.GetBlobContainerClient("checkpoints");
        var cardBlob = checkpoints.GetBlobClient($"{card}/model.json");
        if (!(await cardBlob.ExistsAsync(cancellationToken)).Value)
        {
            return ($"its source card {folder}/model.json does not exist", onnx);
        }

        using var cardJson = await ReadJsonAsync(cardBlob, cancellationToken);
        var weights = cardJson?.RootElement.GetProperty("weights").GetProperty("sha256").GetString();
        var stated = source.GetProperty("sha256").GetString();
        return string.Equals(weights, stated, StringComparison.OrdinalIgnoreCase)
            ? (null, onnx)
            : ($"built from weights {Short(stated)}, but its source card now names {Short(weights)}", onnx);
    }

    private static async Task<JsonDocument?> ReadJsonAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
        try
        {
            return JsonDocument.Parse(content.ToMemory());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> Sha256Async(BlobContainerClient container, string name,
        CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(name);
        if (!(await blob.ExistsAsync(cancellationToken)).Value)
        {
            return "(missing)";
        }

        var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
        return Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));
    }

    private static string Short(string? hash) => hash is { Length: > 12 } ? hash[..12] : hash ?? "(none)";
}
