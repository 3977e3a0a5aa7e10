namespace Hydra.Training.Pipeline;

/// <summary>What one training phase cost and where its loss ended.</summary>
public sealed record PhaseStats(string Phase, int Epochs, long Samples, double Seconds, double FinalLoss)
{
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}
