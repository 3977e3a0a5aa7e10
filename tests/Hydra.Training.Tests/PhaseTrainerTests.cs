using Hydra.Core.Architecture;
using Hydra.Training.Modules;
using Hydra.Training.Pipeline;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class PhaseTrainerTests
{
    [Fact]
    public void Fit_LossBecomesNaN_StopsWithThePhaseAndPlace()
    {
        using var network = new MultiHeadNetwork(ArchitecturePresets.ToyMlp(2, 3), 1);
        using var inputs = randn(64, 2);
        var trainer = new PhaseTrainer(new TrainingOptions { BatchSize = 16, Device = "cpu" }, null);

        var e = Assert.Throws<TrainingDivergedException>(() =>
            trainer.Fit("member 1/1", network, 64, CPU, 3, 0, rows => network.forward(inputs.index_select(0,
                rows)).sum() * double.NaN, CancellationToken.None));

        Assert.StartsWith("member 1/1: the loss became NaN in epoch 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_BeforeEpoch_IsCalledOncePerEpochBeforeItsBatches()
    {
        using var network = new MultiHeadNetwork(ArchitecturePresets.ToyMlp(2, 3), 1);
        using var inputs = randn(40, 2);
        var trainer = new PhaseTrainer(new TrainingOptions { BatchSize = 16, Device = "cpu" }, null);
        var calls = new List<string>();

        trainer.Fit("hydra+ phase 2", network, 40, CPU, 3, 0, rows =>
        {
            calls.Add("batch");
            return network.forward(inputs.index_select(0, rows)).pow(2).mean();
        }, CancellationToken.None, epoch => calls.Add($"epoch {epoch}"));

        string[] epoch = ["batch", "batch", "batch"];
        Assert.Equal(["epoch 1", .. epoch, "epoch 2", .. epoch, "epoch 3", .. epoch], calls);
    }

    [Fact]
    public void Fit_BusyPhase_CountsProcessorSecondsWithinItsWallTimeOverAllCores()
    {
        using var network = new MultiHeadNetwork(ArchitecturePresets.ToyMlp(2, 3), 1);
        using var inputs = randn(40, 2);
        var trainer = new PhaseTrainer(new TrainingOptions { BatchSize = 16, Device = "cpu" }, null);

        // Each epoch first spins for 0.2 s of wall time: the phase cannot have used no processor time.
        var stats = trainer.Fit("hydra phase 2", network, 40, CPU, 2, 0,
            rows => network.forward(inputs.index_select(0, rows)).pow(2).mean(), CancellationToken.None,
            _ => Spin(TimeSpan.FromSeconds(0.2)));

        Assert.NotNull(stats.CpuSeconds);
        Assert.InRange(stats.CpuSeconds.Value, 0.01, (stats.Seconds * Environment.ProcessorCount) + 0.05);
    }

    private static void Spin(TimeSpan duration)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var x = 0.0;
        while (clock.Elapsed < duration)
        {
            x = Math.Sqrt(x + 1);
        }

        GC.KeepAlive(x);
    }
}
