namespace Hydra.Core.Models;

/// <summary>
/// What one training phase of a checkpoint cost: its epochs, the samples it processed and the seconds it took. A
/// resumed run reads it back so that its report still shows what the checkpoint cost when it was trained.
/// </summary>
public sealed record PhaseCost(string Name, int Epochs, long Samples, double Seconds)
{
    /// <summary>Throughput of the phase (0 when it took no measurable time); written to the card for readers.</summary>
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}
