using Hydra.Azure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hydra.Azure.Jobs;

/// <summary>Settings of <see cref="TableJobStore"/>, bound from the "Hydra:Jobs" section (Hydra__Jobs__TableName).</summary>
public sealed class TableJobStoreOptions
{
    public const string SectionName = "Hydra:Jobs";

    public string TableName { get; set; } = "hydrajobs";

    /// <summary>How many read-change-write rounds an update may lose to other writers before it gives up.</summary>
    public int MaxUpdateAttempts { get; set; } = 16;

    /// <summary>The first back-off ceiling after a lost round; it doubles each round up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <exception cref="HydraSettingException">The section holds a value that cannot be used.</exception>
    public static TableJobStoreOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        TableJobStoreOptions options;
        try
        {
            options = configuration.GetSection(SectionName).Get<TableJobStoreOptions>() ?? new TableJobStoreOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new HydraSettingException(SectionName, $"The '{SectionName}' settings cannot be read: {e.Message}", e);
        }

        options.Validate();
        return options;
    }

    /// <exception cref="HydraSettingException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TableName) || TableName.Length is < 3 or > 63 || !char.IsAsciiLetter(TableName[0]) || !TableName.All(char.IsAsciiLetterOrDigit))
        {
            throw new HydraSettingException($"{SectionName}:TableName", $"'{TableName}' is not a table name: 3-63 letters and digits, starting with a letter.");
        }

        if (MaxUpdateAttempts < 1)
        {
            throw new HydraSettingException($"{SectionName}:MaxUpdateAttempts", "MaxUpdateAttempts must be at least 1.");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new HydraSettingException($"{SectionName}:RetryMaxDelay", "The retry delays must satisfy 0 ≤ RetryBaseDelay ≤ RetryMaxDelay.");
        }
    }
}
