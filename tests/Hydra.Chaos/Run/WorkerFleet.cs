using System.Globalization;

namespace Hydra.Chaos.Run;

/// <summary>
/// The `hydra worker` processes: keeps <c>size</c> of them running, kills or stops one on request and starts its
/// replacement. Names run w01, w02, … in start order.
/// </summary>
internal sealed class WorkerFleet(string hydraDll, IReadOnlyDictionary<string, string> environment, string logFolder,
    FaultLog log) : IDisposable
{
    private readonly List<ChaosWorker> _live = [];
    private readonly List<ChaosWorker> _gone = [];
    private readonly List<string> _unexpectedExits = [];
    private int _started;

    public int Started => _started;

    /// <summary>Workers that exited without being stopped, with their exit codes.</summary>
    public IReadOnlyList<string> UnexpectedExits => [.. _unexpectedExits];

    public void StartNew()
    {
        var name = $"w{(++_started).ToString("00", CultureInfo.InvariantCulture)}";
        _live.Add(ChaosWorker.Start(name, hydraDll, environment, logFolder));
        log.Write("worker", $"started {name}");
    }

    /// <summary>Replaces workers that exited on their own (a crash is logged: it is a finding).</summary>
    public void ReplaceExited()
    {
        foreach (var worker in _live.Where(w => w.HasExited).ToList())
        {
            log.Write("worker-exit", $"{worker.Name} exited by itself with code {worker.ExitCode}");
            _unexpectedExits.Add(
                $"{worker.Name} exited with code {worker.ExitCode} at {log.Elapsed.TotalSeconds:F0} s");
            Retire(worker);
            StartNew();
        }
    }

    /// <summary>How many live workers are running a unit now.</summary>
    public int Busy => _live.Count(w => !w.HasExited && w.CurrentUnit is not null);

    /// <summary>A busy worker when there is one (the fault then hits a unit mid-way), else any live worker.</summary>
    public ChaosWorker? Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var live = _live.Where(w => !w.HasExited).ToList();
        var busy = live.Where(w => w.CurrentUnit is not null).ToList();
        var pool = busy.Count > 0 ? busy : live;
        return pool.Count == 0 ? null : pool[random.Next(pool.Count)];
    }

    public void Kill(ChaosWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var unit = worker.CurrentUnit ?? "no unit";
        worker.Kill();
        log.Write("kill", $"SIGKILL {worker.Name} ({unit})");
        Retire(worker);
        StartNew();
    }

    public async Task TerminateAsync(ChaosWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var unit = worker.CurrentUnit ?? "no unit";
        log.Write("term", $"SIGTERM {worker.Name} ({unit})");
        var clean = await worker.TerminateAsync(TimeSpan.FromSeconds(90));
        log.Write("term-exit", $"{worker.Name} exited with code {worker.ExitCode}"
            + (clean ? "" : " after SIGKILL: it did not stop within 90 s"));
        Retire(worker);
        StartNew();
    }

    /// <summary>Stops every worker with SIGTERM (the end of the run).</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(_live.Select(w => w.TerminateAsync(TimeSpan.FromSeconds(60))));
        foreach (var worker in _live.ToList())
        {
            Retire(worker);
        }
    }

    public void Dispose()
    {
        foreach (var worker in _live.Concat(_gone))
        {
            worker.Dispose();
        }
    }

    private void Retire(ChaosWorker worker)
    {
        _live.Remove(worker);
        _gone.Add(worker);
    }
}
