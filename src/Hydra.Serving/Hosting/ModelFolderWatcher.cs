using Hydra.Serving.Scoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hydra.Serving.Hosting;

/// <summary>
/// Loads every model under the served folder on start, then watches it: any change inside <c>{name}/</c> (a new
/// export, a replaced manifest) invalidates that name, so the next request reads its manifest and, if the ONNX
/// SHA-256 changed, loads the new version. The registry's manifest recheck interval is the backstop for missed events.
/// </summary>
public sealed partial class ModelFolderWatcher : IHostedService, IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly ServeOptions _options;
    private readonly ILogger _logger;
    private FileSystemWatcher? _watcher;

    public ModelFolderWatcher(
        ModelRegistry registry, IOptions<ServeOptions> options, ILogger<ModelFolderWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _options = options.Value;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(_options.ModelsPath);
        var loaded = await _registry.WarmAsync(cancellationToken);
        var names = string.Join(", ", loaded);
        LogWarm(_logger, loaded.Count, root, names);
        if (!_options.WatchModels)
        {
            return;
        }

        _watcher = new FileSystemWatcher(root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size,
        };
        _watcher.Created += (_, e) => OnChanged(root, e.FullPath);
        _watcher.Changed += (_, e) => OnChanged(root, e.FullPath);
        _watcher.Deleted += (_, e) => OnChanged(root, e.FullPath);
        _watcher.Renamed += (_, e) => OnChanged(root, e.FullPath);
        _watcher.EnableRaisingEvents = true;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _watcher?.Dispose();

    private void OnChanged(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        var name = relative.Split(Path.DirectorySeparatorChar)[0];
        if (name.Length == 0 || name == "..")
        {
            return;
        }

        _registry.Invalidate(name);
        ServingLog.ModelChanged(_logger, name);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information,
        Message = "Loaded {Count} model(s) from {Root}: {Names}")]
    private static partial void LogWarm(ILogger logger, int count, string root, string names);
}
