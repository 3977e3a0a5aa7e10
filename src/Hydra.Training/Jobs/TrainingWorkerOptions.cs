namespace Hydra.Training.Jobs;

/// <summary>
/// How a trainer worker polls, reports, retries and stops; bound from the "Hydra:Worker" section (environment variables
/// Hydra__Worker__IdleExitSeconds, …) and checked at start by <see cref="TrainingWorkerOptionsValidator"/>.
/// </summary>
public sealed class TrainingWorkerOptions
{
    public const string SectionName = "Hydra:Worker";

    /// <summary>Shown on the job's member progress and in logs.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long one receive call waits for a message.</summary>
    public double ReceiveWaitSeconds { get; set; } = 5;

    /// <summary>
    /// Exit after the queue has been empty this long (a Container Apps job execution ends); zero: never.
    /// </summary>
    public double IdleExitSeconds { get; set; } = 60;

    /// <summary>Exit after this many units (tests, or one unit per execution); null: no limit.</summary>
    public int? MaxUnits { get; set; }

    /// <summary>How often progress is written to the job store and the log while a unit trains.</summary>
    public double ProgressSeconds { get; set; } = 5;

    /// <summary>
    /// How many deliveries a unit that keeps failing unexpectedly gets before the worker dead-letters it and fails the
    /// job
    /// with the last error (the transport's own delivery limit, 5 by default, is the backstop for crashed workers).
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>CPU threads for libtorch; 0: libtorch's default.</summary>
    public int Threads { get; set; }

    public TimeSpan ReceiveWait => TimeSpan.FromSeconds(ReceiveWaitSeconds);

    public TimeSpan IdleExit => TimeSpan.FromSeconds(IdleExitSeconds);

    public TimeSpan ProgressInterval => TimeSpan.FromSeconds(ProgressSeconds);
}
