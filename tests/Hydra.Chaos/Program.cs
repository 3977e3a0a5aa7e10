using System.Globalization;
using Hydra.Chaos;
using Hydra.Chaos.Plan;
using Hydra.Chaos.Run;

// scripts/chaos.sh runs this: a chaos run with the options below, the invariant table printed at the end; exit code 0
// when every invariant holds, 1 when one does not, 2 for a bad option.
var usage = """
    usage: scripts/chaos.sh [options]
      --seed N              the seed of the job mix and the fault timetable (1)
      --jobs N              ordinary spirals jobs (12); --duplicates N submitted twice (3); --impossible N (4)
      --workers N           `hydra worker` processes kept running (3)
      --minutes M           the fault window (5); faults start 20 s in
      --submit-minutes M    submissions spread over this long (1)
      --drain-minutes M     after the window, how long to wait for every job to end before calling it stuck (10)
      --faults-every M      per M minutes of window: two SIGKILLs, a SIGTERM, an outage, two replays and a
                            malformed pair (4); --kills N, --terms N, --outages N, --replays N, --malformed N set
                            each count
      --visibility-seconds S  the trainer queue's visibility timeout (20)
      --out DIR             report, fault log, worker logs, Azurite's data (runs/chaos); --data DIR: Azurite's data
      --quiet               do not echo the fault log
    Exit code: 0 every invariant holds, 1 one does not, 2 a bad option.
    """;
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(usage);
    return 0;
}

ChaosOptions options;
try
{
    options = Parse(args);
}
catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
Hydra.Chaos.Check.ChaosReport report;
try
{
    report = await new ChaosRun(options).RunAsync(cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled: workers and Azurite stopped, no report.");
    return 130;
}

Console.WriteLine();
Console.WriteLine(report.ToTable());
Console.WriteLine($"Report, fault log and worker logs: {Path.GetFullPath(options.Output)}");
return report.AllHold ? 0 : 1;

static ChaosOptions Parse(string[] args)
{
    var values = new Dictionary<string, string>(StringComparer.Ordinal);
    var quiet = false;
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] == "--quiet")
        {
            quiet = true;
        }
        else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
        {
            values[args[i][2..]] = args[++i];
        }
        else
        {
            throw new ArgumentException($"Unexpected argument '{args[i]}'.");
        }
    }

    int Int(string name, int fallback) => values.Remove(name, out var v)
        ? int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
    double Number(string name, double fallback) => values.Remove(name, out var v)
        ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    var defaults = new ChaosOptions();
    var window = TimeSpan.FromMinutes(Number("minutes", defaults.FaultWindow.TotalMinutes));
    var faults = ChaosOptions.Scaled(window, TimeSpan.FromMinutes(Number("faults-every", 4)));
    foreach (var (name, kind) in new[] { ("kills", FaultKind.Kill), ("terms", FaultKind.Term),
        ("outages", FaultKind.Outage), ("replays", FaultKind.Replay), ("malformed", FaultKind.Malformed) })
    {
        faults[kind] = Int(name, faults[kind]);
    }

    var output = values.Remove("out", out var o) ? o : defaults.Output;
    var result = defaults with
    {
        Seed = Int("seed", defaults.Seed),
        Jobs = Int("jobs", defaults.Jobs),
        Duplicates = Int("duplicates", defaults.Duplicates),
        Impossible = Int("impossible", defaults.Impossible),
        Workers = Int("workers", defaults.Workers),
        FaultWindow = window,
        SubmitWindow = TimeSpan.FromMinutes(Number("submit-minutes", defaults.SubmitWindow.TotalMinutes)),
        Drain = TimeSpan.FromMinutes(Number("drain-minutes", defaults.Drain.TotalMinutes)),
        VisibilityTimeout = TimeSpan.FromSeconds(Number("visibility-seconds",
            defaults.VisibilityTimeout.TotalSeconds)),
        Faults = faults,
        Output = output,
        DataFolder = values.Remove("data", out var d) ? d : null,
        Echo = !quiet,
    };
    if (values.Count > 0)
    {
        throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.");
    }

    return result;
}
