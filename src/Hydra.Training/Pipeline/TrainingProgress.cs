namespace Hydra.Training.Pipeline;

/// <summary>A progress report from a training phase, raised every few batches and at each epoch's end.</summary>
/// <param name="Phase">e.g. "member 2/5", "kd", "hydra phase 1".</param>
public sealed record TrainingProgress(
    string Phase,
    int Epoch,
    int Epochs,
    long SamplesDone,
    long SamplesTotal,
    double SamplesPerSecond,
    double Loss,
    TimeSpan Elapsed)
{
    public double Fraction => SamplesTotal == 0 ? 1 : (double)SamplesDone / SamplesTotal;

    public TimeSpan? Remaining => SamplesPerSecond > 0
        ? TimeSpan.FromSeconds((SamplesTotal - SamplesDone) / SamplesPerSecond)
        : null;
}
