using Hydra.Core.Configuration;

namespace Hydra.Azure.Jobs;

/// <summary>What each <see cref="TableJobStoreOptions"/> value may be.</summary>
public sealed class TableJobStoreOptionsValidator()
    : SettingsValidator<TableJobStoreOptions>(TableJobStoreOptions.SectionName)
{
    protected override IEnumerable<string> Failures(TableJobStoreOptions options)
    {
        if (!IsTableName(options.TableName))
        {
            yield return Failure(nameof(options.TableName), options.TableName,
                "a table name: 3-63 letters and digits, starting with a letter");
        }

        if (options.MaxUpdateAttempts < 1)
        {
            yield return Failure(nameof(options.MaxUpdateAttempts), options.MaxUpdateAttempts, "at least 1");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            yield return Failure(nameof(options.RetryBaseDelay), options.RetryBaseDelay, "zero or more (hh:mm:ss)");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            yield return Failure(nameof(options.RetryMaxDelay), options.RetryMaxDelay,
                $"at least RetryBaseDelay ({options.RetryBaseDelay:c})");
        }
    }

    private static bool IsTableName(string? name) =>
        name is { Length: >= 3 and <= 63 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
