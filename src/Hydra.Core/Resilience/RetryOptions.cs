namespace Hydra.Core.Resilience;

/// <summary>
/// How long a storage call keeps trying through an outage: bounded, jittered exponential backoff. Bound from
/// "Hydra:Retry" (Hydra__Retry__MaxAttempts, …) and checked by <see cref="RetryOptionsValidator"/>. The defaults ride
/// out a storage account (or Azurite) that is away for about a minute and a half.
/// </summary>
public sealed class RetryOptions
{
    public const string SectionName = "Hydra:Retry";

    /// <summary>Tries in all, the first included.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The ceiling of the first wait; it doubles per failed try up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>No new try starts once this long has passed since the first.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(90);
}
