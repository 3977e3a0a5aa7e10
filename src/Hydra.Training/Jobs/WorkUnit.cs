using Hydra.Core.Jobs;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Jobs;

/// <summary>
/// One received unit: what to do, the message that asked for it, who runs it, and where progress goes.
/// </summary>
public sealed record WorkUnit(TrainingWorkItem Item, string MessageId, string WorkerId,
    IProgress<TrainingProgress> Progress)
{
    /// <summary>This delivery's own token: the job record names the attempt that holds the unit.</summary>
    public string Attempt { get; init; } = $"{WorkerId}/{Guid.NewGuid().ToString("N")[..12]}";
}
