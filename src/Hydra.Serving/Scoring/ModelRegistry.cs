using Hydra.Core.Models;
using Hydra.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hydra.Serving.Scoring;

/// <summary>
/// The models under <c>{prefix}/{name}/</c> of an artifact store, loaded on first use into a bounded LRU cache of
/// sessions, one per model version (id + ONNX SHA-256). A name maps to the version its manifest named when last read;
/// the manifest is read again after <see cref="ScoringOptions.ManifestRecheckInterval"/> or on
/// <see cref="Invalidate"/>, so a re-exported model is picked up without a restart, and an unchanged one is not
/// reloaded.
/// Evicted sessions are disposed once the requests still using them finish.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly IArtifactStore _store;
    private readonly string _prefix;
    private readonly ScoringOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly LinkedList<ScoringModel> _recency = new();
    private readonly Dictionary<ModelVersion, LinkedListNode<ScoringModel>> _loaded = [];
    private readonly Dictionary<ModelVersion, Task<ScoringModel>> _loading = [];
    private readonly Dictionary<string, (ModelVersion Version, long CheckedAt)> _names = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <param name="prefix">The folder of model folders in the store: "models" in blob storage, "" for a folder of
    /// models.</param>
    public ModelRegistry(IArtifactStore store, string prefix, ScoringOptions options,
        ILogger<ModelRegistry>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        new ScoringOptionsValidator().ThrowIfInvalid(options);
        _store = store;
        _prefix = prefix.Trim('/');
        _options = options;
        _logger = logger ?? NullLogger<ModelRegistry>.Instance;
        _time = time ?? TimeProvider.System;
    }

    public ScoringOptions Options => _options;

    /// <summary>Model versions loaded now.</summary>
    public int LoadedCount
    {
        get
        {
            lock (_gate)
            {
                return _loaded.Count;
            }
        }
    }

    /// <summary>
    /// The current version of <paramref name="name"/>, loaded if needed, held until the lease is disposed.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No manifest for the name (or a name that is not a plain folder
    /// name).</exception>
    /// <exception cref="ModelUnavailableException">The manifest or graph cannot be read or loaded.</exception>
    public async Task<ModelLease> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryLeaseCurrent(name) is { } lease)
            {
                return lease;
            }

            var manifest = await ReadManifestAsync(name, cancellationToken);
            var version = new ModelVersion(manifest.ModelId, manifest.OnnxSha256);
            Task<ScoringModel> load;
            lock (_gate)
            {
                _names[name] = (version, _time.GetTimestamp());
                if (_loaded.TryGetValue(version, out var node) && LeaseAndTouch(node) is { } cached)
                {
                    return cached;
                }

                if (!_loading.TryGetValue(version, out load!))
                {
                    load = LoadAsync(name, manifest, version);
                    _loading[version] = load;
                }
            }

            var model = await load.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (_loaded.TryGetValue(version, out var node) && node.Value == model
                    && LeaseAndTouch(node) is { } loaded)
                {
                    return loaded;
                }
            }

            // Evicted between loading and leasing (a burst of other models): go round and load it again.
        }
    }

    /// <summary>
    /// Forgets which version <paramref name="name"/> points at, so the next request reads its manifest.
    /// </summary>
    public void Invalidate(string name)
    {
        lock (_gate)
        {
            _names.Remove(name);
        }
    }

    /// <summary>
    /// Loads every model in the store, most recently listed last (at most the cache capacity stay loaded).
    /// </summary>
    /// <returns>The names that loaded; failures are logged and skipped.</returns>
    public async Task<IReadOnlyList<string>> WarmAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var name in await ListNamesAsync(cancellationToken))
        {
            try
            {
                using var lease = await AcquireAsync(name, cancellationToken);
                names.Add(name);
            }
            catch (ScoringException ex)
            {
                ServingLog.ModelSkipped(_logger, name, ex.Message);
            }
        }

        return names;
    }

    /// <summary>The names of the model folders that have a manifest, in ordinal order.</summary>
    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken)
    {
        var root = _prefix.Length == 0 ? "" : _prefix + "/";
        var paths = await _store.ListAsync(root, cancellationToken);
        return paths
            .Where(p => p.EndsWith("/" + ModelManifest.FileName, StringComparison.Ordinal))
            .Select(p => p[root.Length..^(ModelManifest.FileName.Length + 1)])
            .Where(ModelNames.IsPlain)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The manifest of <paramref name="name"/> as stored now (without loading the graph).</summary>
    /// <exception cref="ModelNotFoundException">No manifest for the name.</exception>
    /// <exception cref="ModelUnavailableException">The manifest cannot be parsed.</exception>
    public async Task<ModelManifest> ReadManifestAsync(string name, CancellationToken cancellationToken)
    {
        if (!ModelNames.IsPlain(name))
        {
            throw new ModelNotFoundException(name);
        }

        byte[] bytes;
        try
        {
            bytes = await _store.ReadAsync(PathOf(name, ModelManifest.FileName), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new ModelNotFoundException(name);
        }

        try
        {
            return ModelManifest.FromJson(bytes, PathOf(name, ModelManifest.FileName));
        }
        catch (InvalidDataException ex)
        {
            throw new ModelUnavailableException(name, ex.Message, ex);
        }
    }

    public void Dispose()
    {
        List<ScoringModel> models;
        lock (_gate)
        {
            _disposed = true;
            models = [.. _recency];
            _recency.Clear();
            _loaded.Clear();
            _names.Clear();
        }

        foreach (var model in models)
        {
            model.Retire();
        }
    }

    private ModelLease? TryLeaseCurrent(string name)
    {
        lock (_gate)
        {
            if (!_names.TryGetValue(name, out var current) || !_loaded.TryGetValue(current.Version, out var node))
            {
                return null;
            }

            if (_time.GetElapsedTime(current.CheckedAt) > _options.ManifestRecheckInterval)
            {
                return null;
            }

            return LeaseAndTouch(node);
        }
    }

    // Called under _gate.
    private ModelLease? LeaseAndTouch(LinkedListNode<ScoringModel> node)
    {
        if (!node.Value.TryAcquire())
        {
            return null;
        }

        _recency.Remove(node);
        _recency.AddFirst(node);
        return new ModelLease(node.Value);
    }

    private async Task<ScoringModel> LoadAsync(string name, ModelManifest manifest, ModelVersion version)
    {
        // Yield first so the caller leaves the lock before any I/O; loading continues even if that caller gives up,
        // because other requests may be waiting on the same task.
        await Task.Yield();
        try
        {
            byte[] onnx;
            try
            {
                onnx = await _store.ReadAsync(PathOf(name, ModelManifest.ModelFileName), CancellationToken.None);
            }
            catch (FileNotFoundException ex)
            {
                throw new ModelUnavailableException(name, $"{ModelManifest.ModelFileName} is missing.", ex);
            }

            var started = _time.GetTimestamp();
            var model = ScoringModel.Create(name, manifest, onnx, _options);
            var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
            ServingLog.ModelLoaded(_logger, name, version, elapsed);
            Insert(model);
            return model;
        }
        finally
        {
            lock (_gate)
            {
                _loading.Remove(version);
            }
        }
    }

    private void Insert(ScoringModel model)
    {
        var evicted = new List<ScoringModel>();
        lock (_gate)
        {
            if (_disposed)
            {
                evicted.Add(model);
            }
            else
            {
                _loaded[model.Version] = _recency.AddFirst(model);
                while (_loaded.Count > _options.CacheCapacity)
                {
                    var last = _recency.Last!;
                    _recency.RemoveLast();
                    _loaded.Remove(last.Value.Version);
                    evicted.Add(last.Value);
                }
            }
        }

        foreach (var old in evicted)
        {
            ServingLog.ModelEvicted(_logger, old.Name, old.Version);
            old.Retire();
        }
    }

    private string PathOf(string name, string file) => _prefix.Length == 0 ? $"{name}/{file}"
        : $"{_prefix}/{name}/{file}";
}
