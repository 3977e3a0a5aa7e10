using Hydra.Core.Resilience;
using Hydra.Core.Storage;

namespace Hydra.Azure.Resilience;

/// <summary>
/// An artifact store whose every call rides out a storage outage through a <see cref="RetryPolicy"/>. Each call is
/// idempotent (a write replaces the whole blob), so trying it again is safe.
/// </summary>
public sealed class ResilientArtifactStore(IArtifactStore inner, RetryPolicy policy) : IArtifactStore
{
    private readonly IArtifactStore _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly RetryPolicy _policy = policy ?? throw new ArgumentNullException(nameof(policy));

    public IArtifactStore Inner => _inner;

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.ExistsAsync(path, token), cancellationToken);

    public Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.ReadAsync(path, token), cancellationToken);

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.WriteAsync(path, content, token), cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.ListAsync(prefix, token), cancellationToken);

    public Task DeleteAsync(string path, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(token => _inner.DeleteAsync(path, token), cancellationToken);
}
