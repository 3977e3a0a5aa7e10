using System.Diagnostics;

namespace Hydra.Functions.Telemetry;

/// <summary>
/// The tags every span and log line of a job or model carries, so one query finds a job's whole story.
/// </summary>
public static class HydraTelemetry
{
    public const string JobIdTag = "hydra.job_id";
    public const string ModelIdTag = "hydra.model_id";

    /// <summary>Binding names (route values, blob path parameters) that identify a job or a model.</summary>
    public static IReadOnlyDictionary<string, string> TagsFor(IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (bindingData.TryGetValue("jobId", out var job) && job is string jobId && jobId.Length > 0)
        {
            tags[JobIdTag] = jobId;
        }

        if (bindingData.TryGetValue("modelId", out var model) && model is string modelId && modelId.Length > 0)
        {
            tags[ModelIdTag] = modelId;
        }

        return tags;
    }

    public static void Tag(Activity? activity, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var (key, value) in tags)
        {
            activity?.SetTag(key, value);
        }
    }
}
