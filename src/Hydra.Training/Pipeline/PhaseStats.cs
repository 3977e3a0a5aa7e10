namespace Hydra.Training.Pipeline;

/// <summary>
/// What one training phase cost and where its loss ended; <see cref="Resumed"/> when read back from a checkpoint.
/// </summary>
public sealed record PhaseStats(string Phase, int Epochs, long Samples, double Seconds, double FinalLoss,
    bool Resumed = false)
{
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}
