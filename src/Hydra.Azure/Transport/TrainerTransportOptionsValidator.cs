using Hydra.Core.Configuration;

namespace Hydra.Azure.Transport;

/// <summary>
/// What each <see cref="TrainerTransportOptions"/> value may be. A missing <see cref="TrainerTransportOptions.Kind"/>
/// is allowed here: a host that never builds the transport needs none; <see cref="TrainerTransportFactory"/> names it.
/// </summary>
public sealed class TrainerTransportOptionsValidator()
    : SettingsValidator<TrainerTransportOptions>(TrainerTransportOptions.SectionName)
{
    protected override IEnumerable<string> Failures(TrainerTransportOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.QueueName))
        {
            yield return Failure(nameof(options.QueueName), options.QueueName, "a queue name (e.g. training-jobs)");
        }

        if (options.VisibilityTimeout < TimeSpan.FromSeconds(1) || options.VisibilityTimeout > TimeSpan.FromDays(7))
        {
            yield return Failure(nameof(options.VisibilityTimeout), options.VisibilityTimeout,
                "between 1 second and 7 days (hh:mm:ss)");
        }

        if (options.LockDuration < TimeSpan.FromSeconds(5))
        {
            yield return Failure(nameof(options.LockDuration), options.LockDuration,
                "at least 5 seconds, Service Bus's minimum (hh:mm:ss)");
        }

        if (options.RenewFraction is <= 0 or >= 1 || double.IsNaN(options.RenewFraction))
        {
            yield return Failure(nameof(options.RenewFraction), options.RenewFraction, "strictly between 0 and 1");
        }

        if (options.MaxDeliveryCount < 1)
        {
            yield return Failure(nameof(options.MaxDeliveryCount), options.MaxDeliveryCount, "at least 1");
        }

        if (options.MaxPollInterval <= TimeSpan.Zero)
        {
            yield return Failure(nameof(options.MaxPollInterval), options.MaxPollInterval, "positive (hh:mm:ss)");
        }
    }
}
