using Hydra.Azure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hydra.Azure.Transport;

/// <summary>Settings of the trainer transports, bound from the "Hydra:Transport" section.</summary>
public sealed class TrainerTransportOptions
{
    public const string SectionName = "Hydra:Transport";

    /// <summary>Required when the transport is built from configuration; null means it was not set.</summary>
    public TrainerTransportKind? Kind { get; set; }

    public string QueueName { get; set; } = "training-jobs";

    /// <summary>Storage queue: how long a received message stays invisible; each renewal extends it by as much again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Service Bus: the queue's lock duration (PT5M on "training-jobs"); the receiver cannot read it from the queue.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Renew after this fraction of the lock or visibility timeout: a third leaves room for one failed renewal and a retry.
    /// </summary>
    public double RenewFraction { get; set; } = 1.0 / 3;

    /// <summary>
    /// Storage queue: a message received more often than this goes to "{queue}-poison" instead of to the worker (Service
    /// Bus enforces the queue's own max delivery count, 5 on "training-jobs").
    /// </summary>
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>Storage queue: the longest pause between two polls of an empty queue (storage queues have no long polling).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The storage queue that receives dead-lettered messages.</summary>
    public string PoisonQueueName => QueueName + "-poison";

    /// <exception cref="HydraSettingException">The section holds a value that cannot be read or used.</exception>
    public static TrainerTransportOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        TrainerTransportOptions options;
        try
        {
            options = configuration.GetSection(SectionName).Get<TrainerTransportOptions>() ?? new TrainerTransportOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new HydraSettingException(SectionName, $"The '{SectionName}' settings cannot be read (Kind is ServiceBus or StorageQueue): {e.Message}", e);
        }

        options.Validate();
        return options;
    }

    /// <exception cref="HydraSettingException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(QueueName))
        {
            throw new HydraSettingException($"{SectionName}:QueueName", "The trainer queue needs a name (Hydra__Transport__QueueName, e.g. training-jobs).");
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromDays(7))
        {
            throw new HydraSettingException($"{SectionName}:VisibilityTimeout", "VisibilityTimeout must lie between 1 second and 7 days.");
        }

        if (LockDuration < TimeSpan.FromSeconds(5))
        {
            throw new HydraSettingException($"{SectionName}:LockDuration", "LockDuration must be at least 5 seconds (Service Bus's minimum).");
        }

        if (RenewFraction is <= 0 or >= 1 || double.IsNaN(RenewFraction))
        {
            throw new HydraSettingException($"{SectionName}:RenewFraction", "RenewFraction must lie strictly between 0 and 1.");
        }

        if (MaxDeliveryCount < 1)
        {
            throw new HydraSettingException($"{SectionName}:MaxDeliveryCount", "MaxDeliveryCount must be at least 1.");
        }

        if (MaxPollInterval <= TimeSpan.Zero)
        {
            throw new HydraSettingException($"{SectionName}:MaxPollInterval", "MaxPollInterval must be positive.");
        }
    }
}
