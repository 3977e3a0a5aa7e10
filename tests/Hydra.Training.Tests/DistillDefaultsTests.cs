using Hydra.Training.Planning;

namespace Hydra.Training.Tests;

public sealed class DistillDefaultsTests
{
    [Theory]
    [InlineData(363, 128, 160)]   // 3 batches an epoch: ⌈480 / 3⌉
    [InlineData(1143, 128, 54)]   // 9 batches: ⌈480 / 9⌉ = 54
    [InlineData(111, 128, 480)]   // 1 batch: 480 epochs
    [InlineData(10, 1, 48)]       // 10 batches: 48 epochs
    [InlineData(48000, 128, 10)]  // 375 batches: 2 epochs, raised to the floor of 10
    [InlineData(20, 128, 480)]    // fewer rows than a batch: one step an epoch
    [InlineData(1, 1, 480)]       // 1 row, batch 1: 480 steps, under the ceiling of 500
    public void Epochs_TrainRowsAndBatch_AboutTheStepsPerPhaseWithinTheBounds(int rows, int batch, int expected)
    {
        Assert.Equal(expected, DistillDefaults.Epochs(rows, batch));
    }
}
