using Hydra.Core.Checkpoints;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Training.Pipeline;
using Microsoft.Extensions.Logging;

namespace Hydra.Training.Jobs;

/// <summary>
/// Runs units on the Hydra pipeline: a member trains one ensemble member into "checkpoints/{jobId}/members/{i}", and
/// the last member to finish sends the distillation; the distillation trains KD, Hydra (and Hydra+) and writes the
/// report. Work found in storage is not redone, so a redelivered unit does no harm.
/// </summary>
public sealed class PipelineUnitRunner : IWorkUnitRunner
{
    private readonly IJobStore _jobs;
    private readonly IArtifactStore _artifacts;
    private readonly ITrainerTransport _transport;
    private readonly Func<TrainingJobSpec, JobPlan> _planner;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;

    /// <param name="planner">Resolves a job spec to data, architecture and hyper-parameters (defaults per
    /// dataset).</param>
    public PipelineUnitRunner(IJobStore jobs, IArtifactStore artifacts, ITrainerTransport transport,
        Func<TrainingJobSpec, JobPlan> planner, ILogger<PipelineUnitRunner> logger, TimeProvider clock)
    {
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        _artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _planner = planner ?? throw new ArgumentNullException(nameof(planner));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    public Task<WorkOutcome> RunAsync(WorkUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return unit.Item.Kind == WorkItemKind.Member
            ? RunMemberAsync(unit, cancellationToken)
            : RunDistillationAsync(unit, cancellationToken);
    }

    private async Task<WorkOutcome> RunMemberAsync(WorkUnit unit, CancellationToken cancellationToken)
    {
        var jobId = unit.Item.JobId;
        var index = unit.Item.MemberIndex!.Value;
        var spec = await JobSpecs.ReadAsync(_artifacts, jobId, cancellationToken);
        if (index >= spec.Request.Members)
        {
            throw new InvalidWorkItemException(
                $"Job '{jobId}' has {spec.Request.Members} members; there is no member {index}.");
        }

        var started = await TransitionAsync(jobId, s => s.StartMember(index, unit.WorkerId, unit.Attempt),
            cancellationToken);
        if (started.IsFinal)
        {
            return WorkOutcome.Skipped;
        }

        var plan = _planner(spec);
        var pipeline = NewPipeline(plan, jobId, unit.Progress, Held(unit, s => s.HoldsMember(index, unit.Attempt)));
        if (!await pipeline.TrainMemberAsync(plan.Bundle, plan.Architecture, index, cancellationToken))
        {
            WorkerLog.MemberResumed(_logger, index);
        }

        await TransitionAsync(jobId, s => s.FinishMember(index, unit.WorkerId), cancellationToken);
        await RequestDistillationIfLastAsync(jobId, unit.MessageId, cancellationToken);
        return WorkOutcome.Completed;
    }

    /// <summary>
    /// Exactly one member unit wins the claim and sends the distillation. The claim names the winning message, so if
    /// that
    /// worker dies before sending, the redelivered message sends it again.
    /// </summary>
    private async Task RequestDistillationIfLastAsync(string jobId, string messageId,
        CancellationToken cancellationToken)
    {
        var claimed = await TransitionAsync(jobId, s => s.ClaimDistillation(messageId), cancellationToken);
        if (claimed.DistillationClaimedBy == messageId && !claimed.IsFinal)
        {
            await _transport.SendAsync(TrainingWorkItem.Distill(jobId), cancellationToken);
            WorkerLog.DistillationRequested(_logger);
        }
    }

    private async Task<WorkOutcome> RunDistillationAsync(WorkUnit unit, CancellationToken cancellationToken)
    {
        var jobId = unit.Item.JobId;
        var spec = await JobSpecs.ReadAsync(_artifacts, jobId, cancellationToken);
        var status = await _jobs.GetAsync(jobId, cancellationToken) ?? throw new JobNotFoundException(jobId);
        if (status.IsFinal || status.State == TrainingJobState.Converting)
        {
            // Final, or distilled already (a duplicate or late delivery): nothing left to do.
            return WorkOutcome.Skipped;
        }

        await EnsureMembersStoredAsync(jobId, spec.Request.Members, cancellationToken);
        var started = await TransitionAsync(jobId, s => s.StartDistillation(unit.Attempt), cancellationToken);
        if (started.IsFinal || started.State == TrainingJobState.Converting)
        {
            return WorkOutcome.Skipped;
        }

        var plan = _planner(spec);
        var store = Held(unit, s => s.HoldsDistillation(unit.Attempt));
        using (var models = await NewPipeline(plan, jobId, unit.Progress, store).TrainAsync(plan.Bundle,
            plan.Architecture, cancellationToken))
        {
            await new JobReportWriter(store, _clock).WriteAsync(jobId, models, cancellationToken);
        }

        await TransitionAsync(jobId, s => s.FinishDistillation(), cancellationToken);
        return WorkOutcome.Completed;
    }

    private async Task EnsureMembersStoredAsync(string jobId, int members, CancellationToken cancellationToken)
    {
        var checkpoints = new CheckpointStore(_artifacts);
        for (var m = 0; m < members; m++)
        {
            var folder = CheckpointPaths.Folder(JobPaths.Checkpoints(jobId), ModelKind.Member, m);
            if (!await checkpoints.ExistsAsync(folder, cancellationToken))
            {
                // Sent only once every member is done, so storage lags behind the record: retry later.
                throw new MemberNotStoredException(jobId, m);
            }
        }
    }

    private HydraPipeline NewPipeline(JobPlan plan, string jobId, IProgress<TrainingProgress> progress,
        IArtifactStore store) =>
        new(plan.Options, new CheckpointStore(store), JobPaths.Checkpoints(jobId), progress, _clock);

    /// <summary>The store the unit writes through: only while its attempt holds the unit (see HeldUnitStore).</summary>
    private HeldUnitStore Held(WorkUnit unit, Func<TrainingJobStatus, bool> holds) =>
        new(_artifacts, async token => await _jobs.GetAsync(unit.Item.JobId, token) is { } status && holds(status),
            unit.MessageId, _logger);

    private Task<TrainingJobStatus> TransitionAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus> transition,
        CancellationToken cancellationToken) => _jobs.TransitionAsync(jobId, transition, _clock, cancellationToken);
}
