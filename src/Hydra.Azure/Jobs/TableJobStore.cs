using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Hydra.Core;
using Hydra.Core.Jobs;

namespace Hydra.Azure.Jobs;

/// <summary>
/// The job store on Azure Table storage: one entity per job (RowKey = job id) holding the whole
/// <see cref="TrainingJobStatus"/> as JSON, plus State/CreatedAt/UpdatedAt columns for queries and the portal.
/// Updates are compare-and-set on the entity's ETag, retried with a fresh read when another writer got there first.
/// </summary>
/// <remarks>
/// Every job lives in the one partition "job". Jobs are few (each is minutes to hours of training), far below the
/// ~2,000 operations/s a partition serves, and a single partition keeps the newest-first listing a one-partition
/// query instead of a fan-out over shards. Listing reads only keys and CreatedAt, sorts them here and point-reads the
/// newest <c>limit</c>: the RowKey must stay the job id so that get and update are single point operations with one
/// ETag, which rules out an inverted-ticks key (it would need a second index entity kept in step on every write).
/// </remarks>
public sealed class TableJobStore : IJobStore
{
    internal const string Partition = "job";
    internal const string StatusColumn = "Status";
    private const string StateColumn = "State";
    private const string CreatedColumn = "CreatedAt";
    private const string UpdatedColumn = "UpdatedAt";

    /// <summary>A string property holds at most 64 KiB of UTF-16, i.e. 32 Ki characters.</summary>
    private const int MaxStatusChars = 32 * 1024;

    private const int ListReadConcurrency = 8;

    private static readonly JsonSerializerOptions Compact = new(HydraJson.Options) { WriteIndented = false };

    private readonly TableClient _table;
    private readonly TableJobStoreOptions _options;
    private volatile bool _tableReady;

    public TableJobStore(TableServiceClient service, TableJobStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _options = new TableJobStoreOptionsValidator().ThrowIfInvalid(options ?? new TableJobStoreOptions());
        _table = service.GetTableClient(_options.TableName);
    }

    public async Task<bool> TryCreateAsync(TrainingJobStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var entity = ToEntity(status);
        await EnsureTableAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<TrainingJobStatus?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var entity = await ReadEntityAsync(jobId, cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<TrainingJobStatus> UpdateAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus?> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var entity = await ReadEntityAsync(jobId, cancellationToken) ?? throw new JobNotFoundException(jobId);
            var current = FromEntity(entity);
            var next = change(current);
            if (next is null || next == current)
            {
                return current;
            }

            if (!string.Equals(next.JobId, jobId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"An update of job '{jobId}' must not change its id (it returned '{next.JobId}').");
            }

            try
            {
                await _table.UpdateEntityAsync(ToEntity(next), entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return next;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                if (attempt >= _options.MaxUpdateAttempts)
                {
                    throw new JobUpdateConflictException(jobId, attempt, e);
                }

                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new JobNotFoundException($"Training job '{jobId}' was deleted while it was being updated.", e);
            }
        }
    }

    public async Task<IReadOnlyList<TrainingJobStatus>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await EnsureTableAsync(cancellationToken);
        var keys = new List<(string JobId, DateTimeOffset CreatedAt)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey",
            CreatedColumn], cancellationToken))
        {
            keys.Add((entity.RowKey, entity.GetDateTimeOffset(CreatedColumn) ?? DateTimeOffset.MinValue));
        }

        var newest = keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.JobId,
            StringComparer.Ordinal).Take(limit).ToArray();
        var statuses = new TrainingJobStatus?[newest.Length];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = ListReadConcurrency,
            CancellationToken = cancellationToken
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, newest.Length), parallel, async (i, token)
            => statuses[i] = await GetAsync(newest[i].JobId, token));

        // Sorted again on the exact times from the JSON (the column may be coarser); a job deleted meanwhile drops out.
        return [.. statuses.OfType<TrainingJobStatus>().OrderByDescending(s => s.CreatedAt).ThenBy(s => s.JobId,
            StringComparer.Ordinal)];
    }

    internal static TableEntity ToEntity(TrainingJobStatus status)
    {
        var json = JsonSerializer.Serialize(status, Compact);
        if (json.Length > MaxStatusChars)
        {
            throw new ArgumentException(
                $"The status of job '{status.JobId}' is {json.Length} characters of JSON; a table property holds at "
                    + $"most {MaxStatusChars}.", nameof(status));
        }

        return new TableEntity(Partition, status.JobId)
        {
            [StateColumn] = status.State.ToString(),
            [CreatedColumn] = status.CreatedAt,
            [UpdatedColumn] = status.UpdatedAt,
            [StatusColumn] = json,
        };
    }

    private static TrainingJobStatus FromEntity(TableEntity entity)
    {
        var json = entity.GetString(StatusColumn) ?? throw new InvalidDataException(
            $"Job entity '{entity.RowKey}' in the job table has no {StatusColumn} property.");
        return JsonSerializer.Deserialize<TrainingJobStatus>(json, HydraJson.Options)
            ?? throw new InvalidDataException($"Job entity '{entity.RowKey}' holds a JSON null status.");
    }

    private async Task<TableEntity?> ReadEntityAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        await EnsureTableAsync(cancellationToken);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, jobId, select: null,
            cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// A random wait up to a ceiling that doubles per lost round ("full jitter"), so writers fall out of step.
    /// </summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.RetryMaxDelay.TotalMilliseconds,
            _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_tableReady)
        {
            return;
        }

        await _table.CreateIfNotExistsAsync(cancellationToken);
        _tableReady = true;
    }
}
