using System.Text.Json;

namespace Hydra.Cli.Tests;

public sealed class BenchCommandTests : IDisposable
{
    private readonly string _run = Path.Combine(Path.GetTempPath(), "hydra-bench-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_run))
        {
            Directory.Delete(_run, recursive: true);
        }
    }

    [Fact]
    public async Task Bench_TrainedRun_MeasuresEveryWayOfServingAndReportsTheSpeedupItMeasured()
    {
        var (trained, _, trainError) = await HydraProcess.RunAsync("run", "--members", "3", "--member-epochs", "1",
            "--kd-epochs", "1",
            "--hydra-phase1-epochs", "1", "--hydra-phase2-epochs", "1", "--no-hydra-plus", "--train-limit", "300",
                "--test-limit", "100",
            "--device", "cpu", "--output", _run);
        Assert.True(trained == 0, trainError);

        var (exit, output, error) = await HydraProcess.RunAsync("bench", "--run", _run, "--seconds", "0.05",
            "--threads", "1");

        Assert.True(exit == 0, error);
        using var bench = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_run, "bench.json")));
        var models = bench.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["hydra", "ensemble (one graph)", "ensemble (3 sessions)", "kd", "hydra"], models.Select(m
            => m.GetProperty("name").GetString()));
        Assert.All(models, m => Assert.All(m.GetProperty("rows_per_second").EnumerateObject(), r
            => Assert.True(r.Value.GetDouble() > 0)));
        var hydra = models[0].GetProperty("rows_per_second").GetProperty("batch_256").GetDouble();
        var ensemble = models[1].GetProperty("rows_per_second").GetProperty("batch_256").GetDouble();
        Assert.Equal(hydra / ensemble, bench.RootElement.GetProperty("hydra_speedup").GetProperty(
            "batch_256").GetDouble(), 9);
        // Toy MLP body 2·64 + 64·64 = 4,224 MACs, head 64·32 + 32·3 = 2,144: bound 3·6,368 / (4,224 + 3·2,144) = 1.79.
        Assert.Equal(3.0 * 6_368 / (4_224 + (3 * 2_144)), bench.RootElement.GetProperty("mac_bound").GetDouble(), 9);
        Assert.Contains("Hydra / ensemble graph at batch 256", output, StringComparison.Ordinal);
    }
}
