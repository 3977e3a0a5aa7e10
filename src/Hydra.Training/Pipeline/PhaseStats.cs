namespace Hydra.Training.Pipeline;

/// <summary>
/// What one training phase cost and where its loss ended; <see cref="Resumed"/> when read back from a checkpoint.
/// <see cref="CpuSeconds"/> is the processor time the process spent in the phase (all its threads), which other
/// processes on a shared machine move far less than <see cref="Seconds"/>; unknown (null) for a resumed phase.
/// </summary>
public sealed record PhaseStats(string Phase, int Epochs, long Samples, double Seconds, double FinalLoss,
    bool Resumed = false, double? CpuSeconds = null)
{
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}
