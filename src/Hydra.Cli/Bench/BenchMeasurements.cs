namespace Hydra.Cli.Bench;

/// <summary>
/// Every way of serving the bench measures, by name; <see cref="All"/> is the order bench.json lists them.
/// </summary>
internal sealed record BenchMeasurements(
    BenchModel HydraOnnx,
    BenchModel EnsembleGraph,
    BenchModel EnsembleSessions,
    BenchModel Kd,
    BenchModel HydraTorch)
{
    public IReadOnlyList<BenchModel> All => [HydraOnnx, EnsembleGraph, EnsembleSessions, Kd, HydraTorch];

    /// <summary>Hydra's rows per second over the ensemble graph's, per batch size ("batch_256").</summary>
    public IReadOnlyDictionary<string, double> HydraSpeedup() =>
        HydraOnnx.RowsPerSecond.ToDictionary(r => r.Key, r => r.Value / EnsembleGraph.RowsPerSecond[r.Key]);
}
