namespace Hydra.Core.Jobs;

/// <summary>
/// Job status records (Azure Table storage in production, memory in tests). Updates are optimistic: the change function
/// runs against the newest version and is retried when another writer got there first (ETag mismatch).
/// </summary>
public interface IJobStore
{
    /// <summary>Creates the record; false (and no change) when a job with that id already exists.</summary>
    Task<bool> TryCreateAsync(TrainingJobStatus status, CancellationToken cancellationToken);

    Task<TrainingJobStatus?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the newest version and stores it; a change that returns null (or the same
    /// record) writes nothing. Returns the record as stored afterwards.
    /// </summary>
    /// <exception cref="JobNotFoundException">No job with that id.</exception>
    Task<TrainingJobStatus> UpdateAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus?> change,
        CancellationToken cancellationToken);

    /// <summary>The newest jobs first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<TrainingJobStatus>> ListAsync(int limit, CancellationToken cancellationToken);
}
