using Hydra.Core.Configuration;

namespace Hydra.Core.Teachers;

/// <summary>What each <see cref="TeacherOptions"/> value may be.</summary>
public sealed class TeacherOptionsValidator() : SettingsValidator<TeacherOptions>(TeacherOptions.SectionName)
{
    protected override IEnumerable<string> Failures(TeacherOptions options)
    {
        if (options.MaxFileBytes < 1)
        {
            yield return Failure(nameof(options.MaxFileBytes), options.MaxFileBytes, "at least 1");
        }

        if (options.MaxTotalBytes < options.MaxFileBytes)
        {
            yield return Failure(nameof(options.MaxTotalBytes), options.MaxTotalBytes, "at least MaxFileBytes");
        }

        if (options.DownloadPath is null)
        {
            yield return Failure(nameof(options.DownloadPath), null, "set (\"\" for the temporary folder)");
        }
    }
}
