using Hydra.Core.Configuration;

namespace Hydra.Core.Datasets;

/// <summary>What each <see cref="DatasetOptions"/> value may be.</summary>
public sealed class DatasetOptionsValidator() : SettingsValidator<DatasetOptions>(DatasetOptions.SectionName)
{
    protected override IEnumerable<string> Failures(DatasetOptions options)
    {
        if (options.MaxTotalBytes < 1)
        {
            yield return Failure(nameof(options.MaxTotalBytes), options.MaxTotalBytes, "at least 1");
        }

        if (options.MaxFiles < 1)
        {
            yield return Failure(nameof(options.MaxFiles), options.MaxFiles, "at least 1");
        }

        if (options.InspectMaxBytes < 0)
        {
            yield return Failure(nameof(options.InspectMaxBytes), options.InspectMaxBytes, "at least 0 (0: never)");
        }

        if (options.MaxDescriptionBytes is < 1024 or > 4 * 1024 * 1024)
        {
            yield return Failure(nameof(options.MaxDescriptionBytes), options.MaxDescriptionBytes,
                "between 1024 and 4194304");
        }

        if (options.DownloadPath is null)
        {
            yield return Failure(nameof(options.DownloadPath), null, "set (\"\" for the temporary folder)");
        }
    }
}
