namespace Hydra.Training.Jobs;

/// <summary>How a trainer worker polls, reports and stops.</summary>
public sealed record TrainingWorkerOptions
{
    /// <summary>Shown on the job's member progress and in logs.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long one receive call waits for a message.</summary>
    public TimeSpan ReceiveWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Exit after the queue has been empty this long (a Container Apps job execution ends); zero: never.</summary>
    public TimeSpan IdleExit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Exit after this many units (tests, or one unit per execution); null: no limit.</summary>
    public int? MaxUnits { get; init; }

    /// <summary>How often progress is written to the job store and the log while a unit trains.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(WorkerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReceiveWait, TimeSpan.Zero, nameof(ReceiveWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(IdleExit, TimeSpan.Zero, nameof(IdleExit));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProgressInterval, TimeSpan.Zero, nameof(ProgressInterval));
        if (MaxUnits is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(MaxUnits));
        }
    }
}
