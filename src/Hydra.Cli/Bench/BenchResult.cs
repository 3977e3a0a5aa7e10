namespace Hydra.Cli.Bench;

/// <summary>bench.json: one run of <c>hydra bench</c>, every figure measured in that run.</summary>
/// <param name="GemmGflops">The faster of libtorch's and ONNX Runtime's 1024³ float matrix product on this
/// machine.</param>
internal sealed record BenchResult(
    string Run,
    string Architecture,
    int Members,
    int Threads,
    double GemmGflops,
    double MacBound,
    IReadOnlyList<BenchModel> Models,
    IReadOnlyDictionary<string, double> HydraSpeedup,
    DateTimeOffset Created);

/// <summary>Throughput per batch size and single-row latency of one way of serving.</summary>
internal sealed record BenchModel(
    string Name,
    string Engine,
    long MacsPerRow,
    IReadOnlyDictionary<string, double> RowsPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    IReadOnlyDictionary<string, double> GemmFraction);
