using Hydra.Core.Resilience;
using Microsoft.Extensions.Logging;

namespace Hydra.Azure.Resilience;

/// <summary>The retry policy the Azure adapters share: <see cref="StorageFaults"/> decides, each retry is logged.
/// </summary>
public static class StorageRetry
{
    public static RetryPolicy Policy(RetryOptions options, ILogger logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new RetryPolicy(options, StorageFaults.IsTransient, clock, retrying: (error, attempt, delay)
            => ResilienceLog.Retrying(logger, attempt, FirstLine(error), delay.TotalMilliseconds));
    }

    private static string FirstLine(Exception error)
    {
        var inner = error is AggregateException { InnerExceptions.Count: > 0 } aggregate
            ? aggregate.InnerExceptions[^1]
            : error;
        var text = $"{inner.GetType().Name}: {inner.Message}";
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? text : text[..end].TrimEnd();
    }
}
