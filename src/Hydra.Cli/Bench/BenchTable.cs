using System.Globalization;
using System.Text;

namespace Hydra.Cli.Bench;

/// <summary>The bench result as a markdown table, the way it is printed and quoted.</summary>
internal static class BenchTable
{
    public static string Render(BenchResult result)
    {
        var md = new StringBuilder();
        var keys = result.Models[0].RowsPerSecond.Keys.ToList();
        md.Append(CultureInfo.InvariantCulture,
            $"hydra bench: {result.Architecture}, M = {result.Members}, {result.Threads} threads, GEMM "
                + $"{result.GemmGflops:F1} GFLOP/s\n\n");
        md.Append("| model | engine | MACs/row | ").Append(string.Join(" | ", keys.Select(k
            => $"rows/s {k.Replace('_', ' ')}")))
            .Append(" | p50 ms (1 row) | p99 ms (1 row) | GEMM fraction @256 |\n");
        md.Append("|---|---|---:|").Append(string.Concat(keys.Select(_ => "---:|"))).Append("---:|---:|---:|\n");
        foreach (var m in result.Models)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {m.Name} | {m.Engine} | {m.MacsPerRow:N0} | ")
                .Append(string.Join(" | ", keys.Select(k => m.RowsPerSecond[k].ToString("N0",
                CultureInfo.InvariantCulture))))
                .Append(CultureInfo.InvariantCulture,
                $" | {m.LatencyP50Ms:F3} | {m.LatencyP99Ms:F3} | {m.GemmFraction[keys[^1]]:P1} |\n");
        }

        md.Append('\n');
        foreach (var (batch, speedup) in result.HydraSpeedup)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"Hydra / ensemble graph at {batch.Replace('_', ' ')}: {speedup:F2}× (MAC bound "
                    + $"{result.MacBound:F2}×, {speedup / result.MacBound:P0} of it)\n");
        }

        return md.ToString();
    }
}
