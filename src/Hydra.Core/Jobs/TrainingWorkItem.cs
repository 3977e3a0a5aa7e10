using System.Globalization;
using System.Text.Json;

namespace Hydra.Core.Jobs;

/// <summary>One message on the trainer transport ("training-jobs").</summary>
public sealed record TrainingWorkItem(string JobId, WorkItemKind Kind, int? MemberIndex = null)
{
    public static TrainingWorkItem Member(string jobId, int index) => new(jobId, WorkItemKind.Member, index);

    public static TrainingWorkItem Distill(string jobId) => new(jobId, WorkItemKind.Distill);

    /// <summary>
    /// Deterministic, so a transport with duplicate detection (Service Bus) drops a second send of the same unit.
    /// </summary>
    public string MessageId => Kind == WorkItemKind.Member
        ? $"{JobId}.member.{MemberIndex!.Value.ToString(CultureInfo.InvariantCulture)}"
        : $"{JobId}.distill";

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, HydraJson.Options);

    /// <exception cref="InvalidWorkItemException">The body is not a well-formed work item.</exception>
    public static TrainingWorkItem Parse(ReadOnlySpan<byte> body)
    {
        TrainingWorkItem? item;
        try
        {
            item = JsonSerializer.Deserialize<TrainingWorkItem>(body, HydraJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidWorkItemException($"Not a training work item: {e.Message}", e);
        }

        return item switch
        {
            null => throw new InvalidWorkItemException("Not a training work item: the body is JSON null."),
            { JobId: var id } when !JobRequestValidator.IsValidId(id)
                => throw new InvalidWorkItemException($"Not a training work item: bad job id '{id}'."),
            { Kind: WorkItemKind.Member, MemberIndex: null or < 0 } => throw new InvalidWorkItemException(
                "Not a training work item: a member unit needs member_index ≥ 0."),
            { Kind: WorkItemKind.Distill, MemberIndex: not null } => throw new InvalidWorkItemException(
                "Not a training work item: a distill unit has no member_index."),
            _ => item,
        };
    }
}
