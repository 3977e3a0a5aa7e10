using Hydra.Core.Jobs;
using Hydra.Core.Resilience;

namespace Hydra.Azure.Resilience;

/// <summary>
/// A job store whose calls ride out a storage outage. An update is tried again from its read: a write that landed
/// before the answer was lost is then found, and the transition, applied to the newer record, changes nothing. A
/// create whose answer was lost finds the job on the next try and says it existed.
/// </summary>
public sealed class ResilientJobStore(IJobStore inner, RetryPolicy policy) : IJobStore
{
    private readonly IJobStore _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly RetryPolicy _policy = policy ?? throw new ArgumentNullException(nameof(policy));

    public IJobStore Inner => _inner;

    public Task<bool> TryCreateAsync(TrainingJobStatus status, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.TryCreateAsync(status, token), cancellationToken);

    public Task<TrainingJobStatus?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.GetAsync(jobId, token), cancellationToken);

    public Task<TrainingJobStatus> UpdateAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus?> change,
        CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.UpdateAsync(jobId, change, token), cancellationToken);

    public Task<IReadOnlyList<TrainingJobStatus>> ListAsync(int limit, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.ListAsync(limit, token), cancellationToken);
}
