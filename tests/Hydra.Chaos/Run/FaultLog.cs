using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Hydra.Chaos.Run;

/// <summary>
/// What the run did and when, one JSON line per event (fault-log.jsonl), also echoed to the console: every fault, every
/// worker started, every submission and conversion outcome.
/// </summary>
internal sealed class FaultLog : IDisposable
{
    private readonly StreamWriter _file;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly bool _echo;

    public FaultLog(string path, bool echo)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new StreamWriter(path, append: false) { AutoFlush = true };
        _echo = echo;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Write(string kind, string detail)
    {
        var seconds = Math.Round(_clock.Elapsed.TotalSeconds, 1);
        var line = JsonSerializer.Serialize(new { t = seconds, kind, detail });
        lock (_gate)
        {
            _file.WriteLine(line);
            if (_echo)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{seconds,7:F1}s] {kind,-12} {detail}"));
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
