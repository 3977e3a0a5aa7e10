using Microsoft.Extensions.Logging;

namespace Hydra.Serving.Scoring;

/// <summary>The scorer's log messages (source-generated).</summary>
internal static partial class ServingLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Loaded model {Name} ({Version}) in {Milliseconds:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string name, ModelVersion version, double milliseconds);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Evicted model {Name} ({Version}); its session closes when in-flight requests finish")]
    public static partial void ModelEvicted(ILogger logger, string name, ModelVersion version);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Skipped model {Name}: {Reason}")]
    public static partial void ModelSkipped(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "Model folder {Name} changed; its manifest is read again on the next request")]
    public static partial void ModelChanged(ILogger logger, string name);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "Rejected request to {Path}: {Status} {Code}: {Detail}")]
    public static partial void RequestRejected(ILogger logger, string path, int status, string code, string detail);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Request to {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string path, Exception exception);
}
