using Microsoft.Extensions.Options;

namespace Hydra.Training.Jobs;

/// <summary>Checks the worker's settings at start; each failure names the setting as configuration spells it and the fix.</summary>
public sealed class TrainingWorkerOptionsValidator : IValidateOptions<TrainingWorkerOptions>
{
    private static readonly string[] Devices = ["auto", "cpu", "cuda"];

    public ValidateOptionsResult Validate(string? name, TrainingWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Check(bool ok, string setting, object? value, string rule)
        {
            if (!ok)
            {
                failures.Add($"{TrainingWorkerOptions.SectionName}:{setting} is {value ?? "empty"}; {rule}.");
            }
        }

        Check(!string.IsNullOrWhiteSpace(options.WorkerId), nameof(options.WorkerId), options.WorkerId, "give a name");
        Check(double.IsFinite(options.ReceiveWaitSeconds) && options.ReceiveWaitSeconds > 0,
            nameof(options.ReceiveWaitSeconds), options.ReceiveWaitSeconds, "it must be a number of seconds above 0");
        Check(double.IsFinite(options.IdleExitSeconds) && options.IdleExitSeconds >= 0,
            nameof(options.IdleExitSeconds), options.IdleExitSeconds, "it must be 0 (never) or a number of seconds above 0");
        Check(double.IsFinite(options.ProgressSeconds) && options.ProgressSeconds > 0,
            nameof(options.ProgressSeconds), options.ProgressSeconds, "it must be a number of seconds above 0");
        Check(options.MaxUnits is null or > 0, nameof(options.MaxUnits), options.MaxUnits, "it must be at least 1, or unset");
        Check(options.MaxAttempts > 0, nameof(options.MaxAttempts), options.MaxAttempts, "it must be at least 1");
        Check(Devices.Contains(options.Device, StringComparer.OrdinalIgnoreCase), nameof(options.Device), options.Device,
            "use auto, cpu or cuda");
        Check(options.Threads >= 0, nameof(options.Threads), options.Threads, "it must be 0 (libtorch's default) or more");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
