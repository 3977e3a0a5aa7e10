using System.Text.Json;
using Hydra.Core.Storage;

namespace Hydra.Core.Jobs;

/// <summary>
/// Reads an accepted job's spec ("jobs/{jobId}/spec.json"): the one reader the dispatcher and the trainer share.
/// </summary>
public static class JobSpecs
{
    /// <exception cref="JobNotFoundException">No spec stored for the id.</exception>
    public static async Task<TrainingJobSpec> ReadAsync(IArtifactStore store, string jobId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var path = JobPaths.Spec(jobId);
        if (!await store.ExistsAsync(path, cancellationToken))
        {
            throw new JobNotFoundException(jobId);
        }

        return JsonSerializer.Deserialize<TrainingJobSpec>(await store.ReadAsync(path, cancellationToken),
            HydraJson.Options) ?? throw new JobNotFoundException(jobId);
    }
}
