using Hydra.Azure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hydra.Azure.Transport;

/// <summary>
/// Settings of the trainer transports, bound from "Hydra:Transport" (Hydra__Transport__Kind, …);
/// <see cref="TrainerTransportOptionsValidator"/> says what each value may be.
/// </summary>
public sealed class TrainerTransportOptions
{
    public const string SectionName = "Hydra:Transport";

    /// <summary>Required when the transport is built from configuration; null means it was not set.</summary>
    public TrainerTransportKind? Kind { get; set; }

    public string QueueName { get; set; } = "training-jobs";

    /// <summary>
    /// Storage queue: how long a received message stays invisible; each renewal extends it by as much again.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Service Bus: the queue's lock duration (PT5M on "training-jobs"); the receiver cannot read it from the queue.
    /// </summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Renew after this fraction of the lock or visibility timeout: a third leaves room for one failed renewal and a
    /// retry.
    /// </summary>
    public double RenewFraction { get; set; } = 1.0 / 3;

    /// <summary>
    /// Storage queue: a message received more often than this goes to "{queue}-poison" instead of to the worker
    /// (Service
    /// Bus enforces the queue's own max delivery count, 5 on "training-jobs").
    /// </summary>
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>
    /// Storage queue: the longest pause between two polls of an empty queue (storage queues have no long polling).
    /// </summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The storage queue that receives dead-lettered messages.</summary>
    public string PoisonQueueName => QueueName + "-poison";

    /// <summary>
    /// Binds and validates the section for code that runs without a host (<c>hydra worker</c>); hosts use
    /// <see cref="HydraAzureServiceCollectionExtensions.AddHydraAzure"/>, which validates on start.
    /// </summary>
    /// <exception cref="HydraSettingException">A value cannot be read as its type (Kind is not a
    /// transport).</exception>
    /// <exception cref="OptionsValidationException">A value is not allowed.</exception>
    public static TrainerTransportOptions FromConfiguration(IConfiguration configuration) =>
        new TrainerTransportOptionsValidator().ThrowIfInvalid(
            SectionBinding.Bind<TrainerTransportOptions>(
                configuration, SectionName, "Kind is ServiceBus or StorageQueue"));
}
