using Hydra.Core.Configuration;

namespace Hydra.Core.Resilience;

/// <summary>What each <see cref="RetryOptions"/> value may be.</summary>
public sealed class RetryOptionsValidator() : SettingsValidator<RetryOptions>(RetryOptions.SectionName)
{
    protected override IEnumerable<string> Failures(RetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1)
        {
            yield return Failure(nameof(options.MaxAttempts), options.MaxAttempts, "at least 1");
        }

        if (options.BaseDelay <= TimeSpan.Zero)
        {
            yield return Failure(nameof(options.BaseDelay), options.BaseDelay, "more than zero (hh:mm:ss)");
        }

        if (options.MaxDelay < options.BaseDelay)
        {
            yield return Failure(nameof(options.MaxDelay), options.MaxDelay,
                $"at least BaseDelay ({options.BaseDelay:c})");
        }

        if (options.Budget < TimeSpan.Zero)
        {
            yield return Failure(nameof(options.Budget), options.Budget, "zero or more (hh:mm:ss)");
        }
    }
}
