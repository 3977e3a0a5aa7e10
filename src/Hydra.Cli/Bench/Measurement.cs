namespace Hydra.Cli.Bench;

/// <summary>
/// Measures one way of serving: rows per second at each batch size, single-row latency, GEMM fraction.
/// </summary>
internal static class Measurement
{
    public static BenchModel Of(string name, string engine, long macs, Action<int> score, BenchSetup setup, double gemm)
    {
        Console.Out.WriteLine($"  {name} [{engine}] …");
        var rates = BenchSetup.BatchSizes.ToDictionary(
            b => $"batch_{b}", b => Throughput.RowsPerSecond(score, b, setup.Budget));
        var (p50, p99) = Throughput.Latency(score, setup.Budget);
        return new BenchModel(name, engine, macs, rates, p50, p99,
            rates.ToDictionary(r => r.Key, r => r.Value * macs * 2 / (gemm * 1e9)));
    }
}
