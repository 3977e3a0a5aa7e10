using Hydra.Training.Pipeline;

namespace Hydra.Training.Jobs;

/// <summary>
/// Keeps only the newest progress report. The training thread reports synchronously between batches; the worker's
/// heartbeat reads it every few seconds, so storage round-trips never slow training down.
/// </summary>
internal sealed class LatestProgress : IProgress<TrainingProgress>
{
    private TrainingProgress? _latest;

    public TrainingProgress? Current => Volatile.Read(ref _latest);

    public void Report(TrainingProgress value) => Volatile.Write(ref _latest, value);
}
