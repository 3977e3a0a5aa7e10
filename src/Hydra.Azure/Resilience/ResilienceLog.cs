using Microsoft.Extensions.Logging;

namespace Hydra.Azure.Resilience;

internal static partial class ResilienceLog
{
    [LoggerMessage(6301, LogLevel.Warning,
        "Storage call failed on try {Attempt} ({Error}); trying again in {DelayMs:F0} ms")]
    public static partial void Retrying(ILogger logger, int attempt, string error, double delayMs);
}
