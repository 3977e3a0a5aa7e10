using System.Text.Json;

namespace Hydra.Chaos.Run;

/// <summary>
/// The Functions host's retry settings, read from the repository's host.json so the emulated host retries as the
/// deployed one does: a failed queue message comes back after <see cref="RetryDelay"/> and is parked on
/// "{queue}-poison" (without a reason) on its <see cref="MaxDequeueCount"/>-th failure; a failed blob event is tried
/// <see cref="PoisonBlobThreshold"/> times.
/// </summary>
internal sealed record HostSettings(int BatchSize, int MaxDequeueCount, TimeSpan RetryDelay, int BlobParallelism,
    int PoisonBlobThreshold)
{
    /// <summary>How long the host hides a message it is processing (the WebJobs queue listener's 10 minutes).</summary>
    public static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(10);

    public static HostSettings Read(string hostJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        var extensions = document.RootElement.GetProperty("extensions");
        var queues = extensions.GetProperty("queues");
        var blobs = extensions.GetProperty("blobs");
        return new HostSettings(queues.GetProperty("batchSize").GetInt32(),
            queues.GetProperty("maxDequeueCount").GetInt32(),
            TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!,
                System.Globalization.CultureInfo.InvariantCulture),
            blobs.GetProperty("maxDegreeOfParallelism").GetInt32(),
            blobs.GetProperty("poisonBlobThreshold").GetInt32());
    }
}
