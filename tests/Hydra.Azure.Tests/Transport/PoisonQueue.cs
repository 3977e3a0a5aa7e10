using System.Text.Json;
using Azure.Storage.Queues;
using Hydra.Azure.Transport;
using Hydra.Core;

namespace Hydra.Azure.Tests.Transport;

/// <summary>
/// Reads a poison queue the way an operator's tool would: Base64 text holding <see cref="PoisonMessage"/> JSON.
/// </summary>
internal static class PoisonQueue
{
    public static async Task<IReadOnlyList<PoisonMessage>> ReadAllAsync(QueueClient poison)
    {
        if (!(await poison.ExistsAsync()).Value)
        {
            return [];
        }

        var peeked = await poison.PeekMessagesAsync(maxMessages: 32);
        return [.. peeked.Value.Select(m => JsonSerializer.Deserialize<PoisonMessage>(Convert.FromBase64String(
            m.Body.ToString()), HydraJson.Options)!)];
    }
}
