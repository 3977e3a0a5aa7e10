using System.Net.Sockets;
using Azure;
using Azure.Messaging.ServiceBus;

namespace Hydra.Azure.Resilience;

/// <summary>
/// Which failures of a storage or broker call may pass on another try: no answer at all (connection refused or reset,
/// a timeout), or an answer that says "not now" (408, 429, 500, 502, 503, 504). A 4xx about the request itself (404,
/// 409, 412, …) will not, and is left to the caller. The Azure SDK wraps the failures of its own retries in an
/// <see cref="AggregateException"/>: transient when every inner failure is.
/// </summary>
public static class StorageFaults
{
    public static bool IsTransient(Exception error) => error switch
    {
        null => false,
        RequestFailedException request => request.Status is 0 or 408 or 429 or 500 or 502 or 503 or 504,
        ServiceBusException bus => bus.IsTransient,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(IsTransient),
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        // An HTTP timeout inside the SDK surfaces as a cancellation nobody asked for (the policy never retries a
        // cancellation its caller asked for).
        TaskCanceledException => true,
        _ => false,
    };
}
