using System.Collections.Concurrent;
using Hydra.Core.Jobs;

namespace Hydra.Testing;

/// <summary>A job store in process memory, with the same compare-and-set semantics as the table store.</summary>
public sealed class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<string, TrainingJobStatus> _jobs = new(StringComparer.Ordinal);

    public Task<bool> TryCreateAsync(TrainingJobStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Task.FromResult(_jobs.TryAdd(status.JobId, status));
    }

    public Task<TrainingJobStatus?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_jobs.TryGetValue(jobId, out var status) ? status : null);

    public Task<TrainingJobStatus> UpdateAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus?> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_jobs.TryGetValue(jobId, out var current))
            {
                throw new JobNotFoundException(jobId);
            }

            var next = change(current);
            if (next is null || next == current)
            {
                return Task.FromResult(current);
            }

            if (_jobs.TryUpdate(jobId, next, current))
            {
                return Task.FromResult(next);
            }
        }
    }

    public Task<IReadOnlyList<TrainingJobStatus>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        IReadOnlyList<TrainingJobStatus> newest = [.. _jobs.Values.OrderByDescending(j => j.CreatedAt).ThenBy(j
            => j.JobId, StringComparer.Ordinal).Take(limit)];
        return Task.FromResult(newest);
    }
}
