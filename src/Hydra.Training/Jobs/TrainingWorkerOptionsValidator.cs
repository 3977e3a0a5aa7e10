using Hydra.Core.Configuration;

namespace Hydra.Training.Jobs;

/// <summary>
/// Checks the worker's settings at start; each failure names the setting, its value and what is allowed.
/// </summary>
public sealed class TrainingWorkerOptionsValidator() : SettingsValidator<TrainingWorkerOptions>(
    TrainingWorkerOptions.SectionName)
{
    private static readonly string[] Devices = ["auto", "cpu", "cuda"];

    protected override IEnumerable<string> Failures(TrainingWorkerOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.WorkerId))
        {
            yield return Failure(nameof(options.WorkerId), options.WorkerId, "a name");
        }

        if (!double.IsFinite(options.ReceiveWaitSeconds) || options.ReceiveWaitSeconds <= 0)
        {
            yield return Failure(nameof(options.ReceiveWaitSeconds), options.ReceiveWaitSeconds,
                "a number of seconds above 0");
        }

        if (!double.IsFinite(options.IdleExitSeconds) || options.IdleExitSeconds < 0)
        {
            yield return Failure(nameof(options.IdleExitSeconds), options.IdleExitSeconds,
                "0 (never exit when idle) or a number of seconds above 0");
        }

        if (!double.IsFinite(options.ProgressSeconds) || options.ProgressSeconds <= 0)
        {
            yield return Failure(nameof(options.ProgressSeconds), options.ProgressSeconds,
                "a number of seconds above 0");
        }

        if (options.MaxUnits is <= 0)
        {
            yield return Failure(nameof(options.MaxUnits), options.MaxUnits, "at least 1, or unset (no limit)");
        }

        if (options.MaxAttempts < 1)
        {
            yield return Failure(nameof(options.MaxAttempts), options.MaxAttempts, "at least 1");
        }

        if (!Devices.Contains(options.Device, StringComparer.OrdinalIgnoreCase))
        {
            yield return Failure(nameof(options.Device), options.Device, "auto, cpu or cuda");
        }

        if (options.Threads < 0)
        {
            yield return Failure(nameof(options.Threads), options.Threads, "0 (libtorch's default) or more");
        }
    }
}
