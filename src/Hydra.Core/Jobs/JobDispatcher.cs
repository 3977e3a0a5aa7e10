using System.Text.Json;
using Hydra.Core.Datasets;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;

namespace Hydra.Core.Jobs;

/// <summary>
/// The Function App's side of a training job: accepts requests (spec stored, status recorded) and hands the trainer one
/// unit of work per ensemble member. Both steps are idempotent, so a replayed HTTP call or queue message creates no
/// second job and sends no second batch of units once the first is recorded as sent. A job on a dataset in storage
/// is accepted only when the dataset is there, its description can be trained on and it is within the bounds; the
/// spec keeps the version of each of its files.
/// </summary>
/// <param name="datasets">Stored datasets (default: over <paramref name="artifacts"/> with default bounds).</param>
/// <param name="teachers">Stored teachers (default: over <paramref name="artifacts"/> with default bounds).</param>
public sealed class JobDispatcher(IJobStore jobs, IArtifactStore artifacts, ITrainerTransport transport,
    TimeProvider clock, DatasetStore? datasets = null, TeacherStore? teachers = null)
{
    private readonly IJobStore _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
    private readonly IArtifactStore _artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
    private readonly ITrainerTransport _transport = transport ?? throw new ArgumentNullException(nameof(transport));
    private readonly TimeProvider _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    private readonly DatasetStore _datasets = datasets ?? new DatasetStore(artifacts);
    private readonly TeacherStore _teachers = teachers ?? new TeacherStore(artifacts);

    /// <summary>
    /// Validates the request, stores its spec and records the job as queued (unless it exists already).
    /// </summary>
    /// <exception cref="JobValidationException">The request can never run (for a stored dataset: its description
    /// cannot be trained on; the fields are "dataset.{field of dataset.json}").</exception>
    /// <exception cref="JobConflictException">The id belongs to a job with a different request.</exception>
    /// <exception cref="Data.DatasetNotFoundException">The stored dataset it names has no dataset.json.</exception>
    /// <exception cref="DatasetTooLargeException">The stored dataset is over the bounds.</exception>
    /// <exception cref="Errors.InputNotFoundException">The teacher folder it names holds nothing.</exception>
    public async Task<JobAcceptance> AcceptAsync(TrainingJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (JobRequestValidator.Validate(request) is { Count: > 0 } errors)
        {
            // Refused before storage is asked about the dataset.
            throw new JobValidationException(errors);
        }

        var exists = request.JobId is { } id && await _artifacts.ExistsAsync(JobPaths.Spec(id), cancellationToken);
        var candidate = JobRequestValidator.Accept(request, _clock.GetUtcNow(),
            exists ? null : await SnapshotAsync(request, cancellationToken),
            exists ? null : await SnapshotTeachersAsync(request, cancellationToken));
        var spec = await StoreSpecAsync(candidate, cancellationToken);
        var expectedModels = spec.Request.HydraPlus ? 2 : 1;
        var status = spec.Teachers is { } teachers
            ? TrainingJobStatus.QueuedForTeachers(spec.JobId, teachers.Listing(), expectedModels, spec.AcceptedAt)
            : TrainingJobStatus.Queued(spec.JobId, spec.Request.Members, expectedModels, spec.AcceptedAt);
        var created = await _jobs.TryCreateAsync(status, cancellationToken);
        var stored = created ? status : await _jobs.GetAsync(spec.JobId, cancellationToken) ?? status;
        return new JobAcceptance(spec, stored, created);
    }

    /// <summary>
    /// Handles one "training-requests" message: accepts it (it may come straight from a client) and sends the member
    /// units that are not done yet (for a distill-only job: its distillation unit), then records the dispatch.
    /// </summary>
    public async Task<JobAcceptance> DispatchAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var request = JobRequestValidator.Parse(message.Span);
        var acceptance = await AcceptAsync(request, cancellationToken);
        var status = acceptance.Status;
        if (status.DispatchedAt is not null || status.IsFinal)
        {
            return acceptance;
        }

        if (status.DistillOnly)
        {
            await _transport.SendAsync(TrainingWorkItem.Distill(status.JobId), cancellationToken);
        }

        foreach (var member in status.Members.Where(m => m.State != MemberState.Done))
        {
            await _transport.SendAsync(TrainingWorkItem.Member(status.JobId, member.Index), cancellationToken);
        }

        var dispatched = await _jobs.TransitionAsync(status.JobId, s => s.MarkDispatched(_clock.GetUtcNow()), _clock,
            cancellationToken);
        return acceptance with { Status = dispatched };
    }

    /// <summary>
    /// Records a request that can never run as a failed job, when its id is known, so clients see why.
    /// </summary>
    public async Task RecordRejectedAsync(string? jobId, string reason, CancellationToken cancellationToken)
    {
        if (!JobRequestValidator.IsValidId(jobId))
        {
            return;
        }

        var rejected = TrainingJobStatus.Rejected(jobId!, reason, _clock.GetUtcNow());
        if (!await _jobs.TryCreateAsync(rejected, cancellationToken))
        {
            await _jobs.TransitionAsync(jobId!, s => s.Fail(reason), _clock, cancellationToken);
        }
    }

    /// <summary>The job id a raw message names, if it is readable at all (for recording why it was rejected).</summary>
    public static string? TryReadJobId(ReadOnlySpan<byte> message)
    {
        try
        {
            using var document = JsonDocument.Parse(message.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("job_id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The stored dataset's files as they are now; none for a built-in dataset, or when the job exists already (its
    /// spec keeps the snapshot it was accepted with, and the worker checks the data against that).
    /// </summary>
    private async Task<DatasetSnapshot?> SnapshotAsync(TrainingJobRequest request, CancellationToken cancellationToken)
    {
        if (DatasetReference.NameOf(request.Dataset) is not { } name)
        {
            return null;
        }

        try
        {
            return await _datasets.SnapshotAsync(name, cancellationToken);
        }
        catch (DatasetDescriptionException e)
        {
            throw new JobValidationException(e.Errors.ToDictionary(p => $"dataset.{p.Key}", p => p.Value,
                StringComparer.Ordinal));
        }
    }

    /// <summary>The teacher folder's files as they are now, for a distill-only job that is new.</summary>
    private async Task<TeacherSnapshot?> SnapshotTeachersAsync(TrainingJobRequest request,
        CancellationToken cancellationToken) =>
        TeacherFolder.NameOf(request.Teachers) is { } name
            ? await _teachers.SnapshotAsync(name, cancellationToken)
            : null;

    private async Task<TrainingJobSpec> StoreSpecAsync(TrainingJobSpec candidate, CancellationToken cancellationToken)
    {
        var path = JobPaths.Spec(candidate.JobId);
        if (await _artifacts.ExistsAsync(path, cancellationToken))
        {
            var existing = await JobSpecs.ReadAsync(_artifacts, candidate.JobId, cancellationToken);
            if (!SameRequest(existing.Request, candidate.Request))
            {
                throw new JobConflictException(
                    $"Job '{candidate.JobId}' exists with a different request; choose another job_id.");
            }

            return existing;
        }

        await _artifacts.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(candidate, HydraJson.Options),
            cancellationToken);
        return candidate;
    }

    private static bool SameRequest(TrainingJobRequest a, TrainingJobRequest b) =>
        JsonSerializer.Serialize(a with { JobId = null }, HydraJson.Options) == JsonSerializer.Serialize(b with
        { JobId = null }, HydraJson.Options);
}
