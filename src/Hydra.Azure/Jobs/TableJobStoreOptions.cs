using Hydra.Azure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hydra.Azure.Jobs;

/// <summary>
/// Settings of <see cref="TableJobStore"/>, bound from "Hydra:Jobs" (Hydra__Jobs__TableName, …);
/// <see cref="TableJobStoreOptionsValidator"/> says what each value may be.
/// </summary>
public sealed class TableJobStoreOptions
{
    public const string SectionName = "Hydra:Jobs";

    public string TableName { get; set; } = "hydrajobs";

    /// <summary>How many read-change-write rounds an update may lose to other writers before it gives up.</summary>
    public int MaxUpdateAttempts { get; set; } = 16;

    /// <summary>
    /// The first back-off ceiling after a lost round; it doubles each round up to <see cref="RetryMaxDelay"/>.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Binds and validates the section for code that runs without a host (<c>hydra worker</c>); hosts use
    /// <see cref="HydraAzureServiceCollectionExtensions.AddHydraAzure"/>, which validates on start.
    /// </summary>
    /// <exception cref="HydraSettingException">A value cannot be read as its type.</exception>
    /// <exception cref="OptionsValidationException">A value is not allowed.</exception>
    public static TableJobStoreOptions FromConfiguration(IConfiguration configuration) =>
        new TableJobStoreOptionsValidator().ThrowIfInvalid(
            SectionBinding.Bind<TableJobStoreOptions>(configuration, SectionName));
}
