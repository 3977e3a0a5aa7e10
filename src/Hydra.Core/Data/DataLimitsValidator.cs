using Hydra.Core.Configuration;

namespace Hydra.Core.Data;

/// <summary>What each <see cref="DataLimits"/> value may be, naming the setting (Hydra:Data:Limits:…).</summary>
public sealed class DataLimitsValidator() : SettingsValidator<DataLimits>(DataLimits.SectionName)
{
    protected override IEnumerable<string> Failures(DataLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxImageBytes < 1)
        {
            yield return Failure(nameof(options.MaxImageBytes), options.MaxImageBytes, "at least 1");
        }

        if (options.MaxImagePixels < 1)
        {
            yield return Failure(nameof(options.MaxImagePixels), options.MaxImagePixels, "at least 1");
        }

        if (options.MaxInflatedBytes < 1)
        {
            yield return Failure(nameof(options.MaxInflatedBytes), options.MaxInflatedBytes, "at least 1");
        }
    }
}
