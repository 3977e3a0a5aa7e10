using System.Diagnostics;
using System.Globalization;
using Hydra.Core.Architecture;
using Hydra.Core.Models;
using Hydra.Training.Losses;
using Hydra.Training.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Hydra.Training.Tests;

/// <summary>
/// Samples/s of Hydra's phase-2 training step on the reference MLP (M = 5, Adam, 320 rows a step: a batch of 128 and
/// Hydra+'s 1.5 pooled rows per row), heads one by one against heads stacked, alternating in one process, on one
/// intra-op thread (as the reported runs train).
/// </summary>
[Collection(LibTorchTests.Name)]
[Trait("Category", "Benchmark")]
public sealed class StackedHeadsBenchmark(ITestOutputHelper output)
{
    private const int Rows = 320;
    private const int StepsPerRound = 40;
    private const int Rounds = 9;

    [BenchmarkFact]
    public void PhaseTwoStep_StackedHeads_AgainstOneByOne()
    {
        var objective = TaskObjective.For(ModelTask.Classification, 2.0);
        random.manual_seed(51);
        using var inputs = randn(Rows, 1, 28, 28);
        using var teacher = randn(Rows, 5, 10);
        var rates = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        var finalLoss = new Dictionary<bool, float>();
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var stack in new[] { false, true })
                {
                    var (seconds, loss) = Train(objective, inputs, teacher, stack);
                    rates[stack].Add(StepsPerRound * Rows / seconds);
                    finalLoss[stack] = loss;
                }
            }
        }
        finally
        {
            set_num_threads(threads);
        }

        foreach (var (stack, list) in rates)
        {
            list.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(stack ? "stacked" : "one by one")}: median {list[Rounds / 2]:F0} samples/s "
                + $"(rounds: {string.Join(", ", list.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))})"));
        }

        // The same seeded training either way: the losses after the same steps agree.
        Assert.Equal(finalLoss[false], finalLoss[true], 1e-4f);
    }

    private static (double Seconds, float Loss) Train(TaskObjective objective, Tensor inputs, Tensor teacher,
        bool stack)
    {
        random.manual_seed(52);
        using var network = new MultiHeadNetwork(ArchitecturePresets.Mlp(), 5) { StackHeadsInTraining = stack };
        network.train();
        using var optimizer = optim.Adam(network.parameters(), 1e-3);
        var clock = Stopwatch.StartNew();
        var last = 0f;
        for (var step = 0; step < StepsPerRound; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = objective.Heads(network.forward(inputs), teacher);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
        }

        return (clock.Elapsed.TotalSeconds, last);
    }
}
