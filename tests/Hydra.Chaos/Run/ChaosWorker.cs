using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hydra.Chaos.Run;

/// <summary>
/// One real `hydra worker` process, its output appended to workers/{name}.log, and the unit it is running now (read
/// from its log lines), so a fault can pick a busy worker.
/// </summary>
internal sealed partial class ChaosWorker : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private string? _unit;

    private ChaosWorker(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The unit the worker started and has not finished, if any.</summary>
    public string? CurrentUnit
    {
        get
        {
            lock (_gate)
            {
                return _unit;
            }
        }
    }

    public static ChaosWorker Start(string name, string hydraDll, IReadOnlyDictionary<string, string> environment,
        string logFolder)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { hydraDll, "worker", "--device", "cpu", "--threads", "1", "--worker-id", name,
            "--idle-exit", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(logFolder);
        var log = new StreamWriter(Path.Combine(logFolder, $"{name}.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var worker = new ChaosWorker(name, process, log);
        process.OutputDataReceived += (_, e) => worker.Read(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Read(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no chance to release the message or tidy the job record.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>
    /// SIGTERM, as a container runtime sends before it stops a container; true when it exited in time.
    /// </summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return false;
        }
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log.WriteLine(line);
            if (UnitStarted().Match(line) is { Success: true } started)
            {
                _unit = started.Groups[1].Value;
            }
            else if (UnitEnded().Match(line) is { Success: true } ended && ended.Groups[1].Value == _unit)
            {
                _unit = null;
            }
        }
    }

    [GeneratedRegex(@"Starting (\S+) \(delivery")]
    private static partial Regex UnitStarted();

    [GeneratedRegex(@"(\S+): (?:Completed|Skipped|Abandoned|DeadLettered) in")]
    private static partial Regex UnitEnded();
}
