using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Hydra.Chaos.Check;
using Hydra.Chaos.Plan;
using Hydra.Functions.Jobs;

namespace Hydra.Chaos.Run;

/// <summary>Reads what the run left behind: job records, poison queues, queues not drained, blob contents.</summary>
internal static class FinalState
{
    public const string TrainerQueue = "training-jobs";

    public static async Task<ChaosState> CollectAsync(FunctionsHost host, StorageObserver observer,
        ConversionTrigger conversions, IReadOnlyList<PlannedJob> planned, ChaosClient client,
        IReadOnlyList<MalformedMessage> malformed, IReadOnlyList<string> workerExits, FaultCounts faults,
        CancellationToken cancellationToken)
    {
        await observer.PollAsync(cancellationToken);
        var jobs = await host.JobStore.ListAsync(500, cancellationToken);
        var poison = new List<PoisonEntry>();
        poison.AddRange(await DrainAsync(host.Queues, TrainingRequests.PoisonQueueName, cancellationToken));
        poison.AddRange(await DrainAsync(host.Queues, TrainerQueue + "-poison", cancellationToken));
        poison.AddRange(conversions.Poisoned);
        var left = new Dictionary<string, int>();
        foreach (var name in new[] { TrainingRequests.QueueName, TrainerQueue })
        {
            var queue = host.Queues.GetQueueClient(name);
            left[name] = (await queue.ExistsAsync(cancellationToken)).Value
                ? (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount
                : 0;
        }

        return new ChaosState
        {
            Planned = planned,
            Submissions = client.Results,
            Malformed = malformed,
            Jobs = [.. jobs.Select(j => new JobOutcome(j.JobId, j.State.ToString().ToLowerInvariant(), j.Reason,
                j.Models, j.Members.Count, j.Members.Count(m => m.State == Hydra.Core.Jobs.MemberState.Done)))],
            Poison = poison,
            LeftOnQueues = left,
            Blobs = observer.Blobs,
            Checks = [.. observer.Problems, .. await observer.FinalChecksAsync(cancellationToken)],
            ModelVersions = observer.ModelVersions,
            WorkerExits = workerExits,
            Faults = faults with { Conversions = conversions.Converted },
        };
    }

    /// <summary>
    /// Every message on a poison queue. A request the dispatcher parked is an envelope with its reason; one the host
    /// parked (after its last retry) is the bare request; a unit the worker dead-lettered is a PoisonMessage.
    /// </summary>
    private static async Task<List<PoisonEntry>> DrainAsync(QueueServiceClient queues, string name,
        CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(name);
        var entries = new List<PoisonEntry>();
        if (!(await queue.ExistsAsync(cancellationToken)).Value)
        {
            return entries;
        }

        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                return entries;
            }

            entries.AddRange(batch.Select(m => Entry(name, Decode(m.Body.ToString()))));
        }
    }

    private static PoisonEntry Entry(string queue, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("reason", out var reason)
                && root.TryGetProperty("body", out var body))
            {
                return new PoisonEntry(queue, reason.GetString(), body.GetString() ?? "");
            }
        }
        catch (JsonException)
        {
            // Not an envelope: the host parked the message as it was.
        }

        return new PoisonEntry(queue, null, text);
    }

    private static string Decode(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written)
            ? Encoding.UTF8.GetString(buffer, 0, written)
            : text;
    }
}
