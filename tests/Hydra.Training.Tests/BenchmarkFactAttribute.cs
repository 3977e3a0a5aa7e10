namespace Hydra.Training.Tests;

/// <summary>
/// A measurement rather than a test of behaviour: skipped unless HYDRA_BENCHMARKS=1, so ordinary test runs stay short
/// and no speed is ever asserted (hydra-method.md §5: speed lives in benchmarks and reports). Run with
/// <c>HYDRA_BENCHMARKS=1 dotnet test tests/Hydra.Training.Tests -c Release --filter Category=Benchmark
/// --logger "console;verbosity=detailed"</c> to see the figures.
/// </summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("HYDRA_BENCHMARKS") != "1")
        {
            Skip = "A benchmark: set HYDRA_BENCHMARKS=1 to run it.";
        }
    }
}
