using Hydra.Core.Checkpoints;
using Hydra.Core.Jobs;
using Hydra.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Hydra.Training.Jobs;

/// <summary>
/// The artifact store one unit writes through. Before every write it asks the job record whether the unit's attempt
/// still holds the unit (<see cref="UnitSupersededException"/> when not), and it never rewrites a committed checkpoint:
/// a write into a folder whose card exists is dropped, so the checkpoint another attempt committed stays as it was
/// (and matches its card). Reads pass through.
/// </summary>
internal sealed class HeldUnitStore(IArtifactStore inner, Func<CancellationToken, Task<bool>> holds, string unit,
    ILogger logger) : IArtifactStore
{
    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
        inner.ExistsAsync(path, cancellationToken);

    public Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken) =>
        inner.ReadAsync(path, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        inner.ListAsync(prefix, cancellationToken);

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!await holds(cancellationToken))
        {
            throw new UnitSupersededException(
                $"{unit}: another delivery holds the unit now; not writing {path}.");
        }

        var card = CommittedCard(path);
        if (card is not null && await inner.ExistsAsync(card, cancellationToken))
        {
            WorkerLog.CheckpointKept(logger, path, card);
            return;
        }

        await inner.WriteAsync(path, content, cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        if (!await holds(cancellationToken))
        {
            throw new UnitSupersededException($"{unit}: another delivery holds the unit now; not deleting {path}.");
        }

        await inner.DeleteAsync(path, cancellationToken);
    }

    /// <summary>
    /// The card of the checkpoint folder a path writes into, or null for a path outside checkpoints/.
    /// </summary>
    private static string? CommittedCard(string path)
    {
        if (!path.StartsWith(JobPaths.CheckpointsContainer + "/", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = path.LastIndexOf('/');
        return CheckpointPaths.Card(path[..slash]);
    }
}
