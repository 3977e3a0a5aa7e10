using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Hydra.Functions.Jobs;

namespace Hydra.Chaos.Run;

/// <summary>
/// The Functions host's queue trigger for DispatchTrainingJob, as host.json configures it: batches of messages hidden
/// while they run, each Base64-decoded and handed to the function; deleted on success; on failure shown again after the
/// retry delay, and on the last allowed dequeue copied to "training-requests-poison" as it is, without a reason.
/// </summary>
internal sealed class RequestQueueTrigger(FunctionsHost host, HostSettings settings, FaultLog log)
{
    private static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queue = host.Queues.GetQueueClient(TrainingRequests.QueueName);
        var poison = host.Queues.GetQueueClient(TrainingRequests.PoisonQueueName);
        var pause = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                var messages = (await queue.ReceiveMessagesAsync(settings.BatchSize,
                    HostSettings.ProcessingVisibility, cancellationToken)).Value;
                if (messages.Length > 0)
                {
                    pause = TimeSpan.FromMilliseconds(100);
                    await Task.WhenAll(messages.Select(m => HandleAsync(queue, poison, m, cancellationToken)));
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The host's listener logs and polls again, as here.
                _ = e;
            }

            await Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPollingInterval.Ticks));
        }
    }

    private async Task HandleAsync(QueueClient queue, QueueClient poison, QueueMessage message,
        CancellationToken cancellationToken)
    {
        try
        {
            var body = BinaryData.FromBytes(Convert.FromBase64String(message.Body.ToString()));
            await host.Jobs.DispatchAsync(QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, body,
                message.DequeueCount), cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            log.Write("dispatch-fail", $"{message.MessageId} (dequeue {message.DequeueCount}): {Describe(e)}");
            await RetryOrParkAsync(queue, poison, message, cancellationToken);
        }
    }

    private async Task RetryOrParkAsync(QueueClient queue, QueueClient poison, QueueMessage message,
        CancellationToken cancellationToken)
    {
        try
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await poison.SendMessageAsync(message.Body.ToString(), cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                log.Write("host-poison", $"{message.MessageId} parked by the host after {message.DequeueCount} "
                    + "failures");
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, messageText: null,
                    settings.RetryDelay, cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage away: the message comes back when its processing visibility runs out.
            _ = e;
        }
    }

    internal static string Describe(Exception e)
    {
        var inner = e is AggregateException { InnerExceptions.Count: > 0 } aggregate
            ? aggregate.InnerExceptions[^1]
            : e;
        var text = $"{e.GetType().Name}: {inner.Message}";
        var line = text.Split('\n')[0].Trim();
        return line.Length <= 200 ? line : line[..200];
    }

    private static async Task Delay(TimeSpan pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
