using System.Globalization;
using Hydra.Chaos.Check;
using Hydra.Chaos.Plan;
using Hydra.Testing.Azurite;

namespace Hydra.Chaos.Run;

/// <summary>
/// One chaos run: a persistent Azurite on loopback, the emulated Functions host (dispatch, Event Grid conversion),
/// <see cref="ChaosOptions.Workers"/> `hydra worker` processes, the seeded jobs and faults; then it waits (with a
/// deadline) for every job to end, reads what is left and checks the invariants. Writes invariants.md, invariants.json,
/// fault-log.jsonl and workers/*.log under the output folder.
/// </summary>
internal sealed class ChaosRun(ChaosOptions options)
{
    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(output);
        // Two runs in one folder would share Azurite's data and the logs: the second one stops here.
        using var exclusive = new FileStream(Path.Combine(output, ".running"), FileMode.Create, FileAccess.Write,
            FileShare.None, 1, FileOptions.DeleteOnClose);
        var data = Path.GetFullPath(options.DataFolder ?? Path.Combine(output, "azurite"));
        foreach (var stale in new[] { data, Path.Combine(output, "workers") })
        {
            if (Directory.Exists(stale))
            {
                Directory.Delete(stale, recursive: true);
            }
        }

        Directory.CreateDirectory(output);
        using var log = new FaultLog(Path.Combine(output, "fault-log.jsonl"), options.Echo);
        var azurite = AzuriteServer.Persistent(data);
        await azurite.InitializeAsync();
        log.Write("azurite", $"started on blob {azurite.BlobPort}, queue {azurite.QueuePort}, table "
            + $"{azurite.TablePort}, data in {data}");
        try
        {
            var report = await RunOnAsync(azurite, output, log, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(output, "invariants.md"), report.ToTable(), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(output, "invariants.json"), report.ToJson(), cancellationToken);
            return report;
        }
        finally
        {
            await azurite.StopAsync(TimeSpan.FromSeconds(15));
        }
    }

    private async Task<ChaosReport> RunOnAsync(AzuriteServer azurite, string output, FaultLog log,
        CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["HydraStorage"] = azurite.ConnectionString,
            ["Hydra:Transport:Kind"] = "StorageQueue",
            ["Hydra:Transport:VisibilityTimeout"] = options.VisibilityTimeout.ToString("c",
                CultureInfo.InvariantCulture),
        };
        await using var host = new FunctionsHost(settings);
        var hostSettings = HostSettings.Read(RepositoryPaths.HostJson);
        var conversions = new ConversionTrigger(host, hostSettings, log);
        var observer = new StorageObserver(host.Blobs, conversions, log);
        var requests = new RequestQueueTrigger(host, hostSettings, log);
        var client = new ChaosClient(host, log, options.FaultStart + options.FaultWindow + options.Drain);
        using var loops = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] background = [observer.RunAsync(loops.Token), requests.RunAsync(loops.Token),
            conversions.RunAsync(loops.Token)];
        using var fleet = new WorkerFleet(RepositoryPaths.HydraDll, WorkerEnvironment(settings),
            Path.Combine(output, "workers"), log);
        for (var i = 0; i < options.Workers; i++)
        {
            fleet.StartNew();
        }

        var planned = JobMix.Create(options.Seed, options.Jobs, options.Duplicates, options.Impossible);
        var timeline = new Timeline(options, azurite, fleet, client, conversions, observer, log);
        await timeline.RunAsync(planned, cancellationToken);
        var waited = await WaitForEndAsync(host, fleet, conversions, planned, log, cancellationToken);
        log.Write("end", waited ? "every job ended" : "deadline passed with jobs still running");
        var state = await FinalState.CollectAsync(host, observer, conversions, planned, client, timeline.Malformed,
            fleet.UnexpectedExits, WithWorkerLogCounts(timeline.Counts with { WorkersStarted = fleet.Started },
                Path.Combine(output, "workers")), cancellationToken);
        await loops.CancelAsync();
        await Task.WhenAll(background);
        await fleet.StopAllAsync();
        return ChaosReport.From(options.Seed, log.Elapsed.TotalMinutes, state);
    }

    /// <summary>Whether both work queues are empty (a malformed message dropped last is still to be parked).</summary>
    private static async Task<bool> QueuesEmptyAsync(FunctionsHost host, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var name in new[] { Hydra.Functions.Jobs.TrainingRequests.QueueName, FinalState.TrainerQueue })
            {
                var queue = host.Queues.GetQueueClient(name);
                if ((await queue.ExistsAsync(cancellationToken)).Value
                    && (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount > 0)
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>What the workers logged: units superseded (event 6304) and storage calls retried (6301).</summary>
    private static FaultCounts WithWorkerLogCounts(FaultCounts counts, string logFolder)
    {
        var lines = Directory.EnumerateFiles(logFolder, "*.log").SelectMany(File.ReadLines).ToList();
        return counts with
        {
            Superseded = lines.Count(l => l.Contains("[6304]", StringComparison.Ordinal)),
            StorageRetries = lines.Count(l => l.Contains("[6301]", StringComparison.Ordinal)),
        };
    }

    private static Dictionary<string, string> WorkerEnvironment(Dictionary<string, string?> settings) => new()
    {
        ["HydraStorage"] = settings["HydraStorage"]!,
        ["Hydra__Transport__Kind"] = "StorageQueue",
        ["Hydra__Transport__VisibilityTimeout"] = settings["Hydra:Transport:VisibilityTimeout"]!,
        ["Hydra__Worker__ProgressSeconds"] = "2",
        ["DOTNET_gcServer"] = "0",
    };

    /// <summary>
    /// Waits until every submitted job is final and no conversion is pending, or the deadline; keeps the fleet whole.
    /// </summary>
    private async Task<bool> WaitForEndAsync(FunctionsHost host, WorkerFleet fleet, ConversionTrigger conversions,
        IReadOnlyList<PlannedJob> planned, FaultLog log, CancellationToken cancellationToken)
    {
        var ids = planned.Where(p => p.Expect != Expectation.Conflict).Select(p => p.JobId).Distinct().ToList();
        var deadline = log.Elapsed + options.Drain;
        var lastReport = TimeSpan.Zero;
        while (log.Elapsed < deadline)
        {
            fleet.ReplaceExited();
            var states = new List<string>();
            try
            {
                foreach (var id in ids)
                {
                    var status = await host.JobStore.GetAsync(id, cancellationToken);
                    states.Add(status?.State.ToString().ToLowerInvariant() ?? "missing");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                states.Clear();
            }

            var final = states.Count == ids.Count && states.All(s => s is "ready" or "failed");
            if (final && conversions.Pending == 0 && await QueuesEmptyAsync(host, cancellationToken))
            {
                return true;
            }

            if (log.Elapsed - lastReport >= TimeSpan.FromSeconds(30) && states.Count > 0)
            {
                lastReport = log.Elapsed;
                log.Write("progress", string.Join(", ", states.GroupBy(s => s).OrderBy(g => g.Key,
                    StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")) + $"; conversions pending "
                    + conversions.Pending);
            }

            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }

        return false;
    }
}
