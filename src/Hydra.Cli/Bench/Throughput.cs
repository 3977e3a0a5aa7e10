using System.Diagnostics;

namespace Hydra.Cli.Bench;

/// <summary>Times a scoring delegate: rows per second over a time budget, and single-row latency percentiles.</summary>
internal static class Throughput
{
    private const int WarmUpCalls = 3;

    public static double RowsPerSecond(Action<int> score, int batch, TimeSpan budget)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            score(batch);
        }

        var clock = Stopwatch.StartNew();
        long rows = 0;
        do
        {
            score(batch);
            rows += batch;
        }
        while (clock.Elapsed < budget);
        return rows / clock.Elapsed.TotalSeconds;
    }

    public static (double P50Ms, double P99Ms) Latency(Action<int> score, TimeSpan budget, int minCalls = 200)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            score(1);
        }

        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < minCalls || total.Elapsed < budget)
        {
            var start = Stopwatch.GetTimestamp();
            score(1);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        return (Percentile(samples, 0.50), Percentile(samples, 0.99));
    }

    private static double Percentile(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1,
        Math.Floor(q * sorted.Count))];
}
