using System.Diagnostics;
using Hydra.Training.Modules;
using static TorchSharp.torch;

namespace Hydra.Training.Pipeline;

/// <summary>
/// The one training loop every phase shares: Adam, shuffled mini-batches in a seeded order, a dispose scope per
/// step, cancellation between batches, progress with rate and ETA. The phase supplies only its loss.
/// </summary>
internal sealed class PhaseTrainer(TrainingOptions options, IProgress<TrainingProgress>? progress)
{
    private const int ReportEveryBatches = 20;

    /// <param name="rows">The number of training rows.</param>
    /// <param name="batchLoss">The loss of one mini-batch, given the int64 indices of its rows on <paramref
    /// name="device"/>.</param>
    /// <param name="beforeEpoch">Called with the 1-based epoch before its first batch (its time counts in the
    /// phase's).</param>
    public PhaseStats Fit(string phase, MultiHeadNetwork network, int rows, Device device, int epochs, int seed,
        Func<Tensor, Tensor> batchLoss, CancellationToken cancellationToken, Action<int>? beforeEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batchLoss);
        var total = (long)rows * epochs;
        var order = new Random(seed);
        var indices = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        using var optimizer = optim.Adam(network.parameters(), options.LearningRate);
        network.train();
        var clock = Stopwatch.StartNew();
        var processorTime = ProcessorTime();
        long done = 0;
        double lastLoss = double.NaN;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            beforeEpoch?.Invoke(epoch);
            Shuffle(indices, order);
            using var permutation = tensor(indices, device: device);
            var batches = (rows + options.BatchSize - 1) / options.BatchSize;
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var start = b * options.BatchSize;
                var size = Math.Min(options.BatchSize, rows - start);
                var value = batchLoss(permutation.narrow(0, start, size));
                optimizer.zero_grad();
                value.backward();
                optimizer.step();
                done += size;
                if (b % ReportEveryBatches == ReportEveryBatches - 1 || b == batches - 1)
                {
                    lastLoss = value.item<float>();
                    if (!double.IsFinite(lastLoss))
                    {
                        throw new TrainingDivergedException(
                            $"{phase}: the loss became {lastLoss} in epoch {epoch}, batch {b + 1}; lower the "
                                + $"learning rate or check the data.");
                    }

                    Report(phase, epoch, epochs, done, total, clock.Elapsed, lastLoss);
                }
            }
        }

        network.eval();
        return new PhaseStats(phase, epochs, done, clock.Elapsed.TotalSeconds, lastLoss,
            CpuSeconds: (ProcessorTime() - processorTime).TotalSeconds);
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private void Report(string phase, int epoch, int epochs, long done, long total, TimeSpan elapsed, double loss) =>
        progress?.Report(new TrainingProgress(phase, epoch, epochs, done, total,
            elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0, loss, elapsed));

    private static void Shuffle(long[] values, Random random)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
