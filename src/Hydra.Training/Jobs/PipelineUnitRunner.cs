using Hydra.Core.Checkpoints;
using Hydra.Core.Datasets;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Core.Teachers;
using Hydra.Training.Pipeline;
using Hydra.Training.Planning;
using Microsoft.Extensions.Logging;

namespace Hydra.Training.Jobs;

/// <summary>
/// Runs units on the Hydra pipeline: a member trains one ensemble member into "checkpoints/{jobId}/members/{i}", and
/// the last member to finish sends the distillation; the distillation trains KD, Hydra (and Hydra+) and writes the
/// report. Work found in storage is not redone, so a redelivered unit does no harm. A job on a dataset in storage gets
/// it through the <see cref="DatasetCache"/> (downloaded once per execution, checked against the job's snapshot) and
/// records the files' SHA-256 on the job; the loader then reads the local copy through its dataset.json. A distill-only
/// job (teachers trained elsewhere) has no member units: its distillation downloads the teachers through the
/// <see cref="TeacherCache"/> (once per execution, their SHA-256 recorded on the job), checks them before any training
/// and distils from them with <see cref="DistillDefaults"/> for what the request leaves unset; a teacher that fails the
/// checks fails the job, naming it.
/// </summary>
public sealed class PipelineUnitRunner : IWorkUnitRunner
{
    private readonly IJobStore _jobs;
    private readonly IArtifactStore _artifacts;
    private readonly ITrainerTransport _transport;
    private readonly Func<TrainingJobSpec, JobPlan> _planner;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lazy<DatasetCache> _datasets;
    private readonly Lazy<TeacherCache> _teachers;
    private readonly TeacherLoader? _loadTeachers;

    /// <param name="planner">Resolves a job spec to data, architecture and hyper-parameters (defaults per
    /// dataset).</param>
    /// <param name="datasets">Stored datasets for this execution (default: one with default bounds, made when first
    /// needed).</param>
    /// <param name="teachers">Downloaded teachers for this execution (default: one with default bounds).</param>
    /// <param name="loadTeachers">Opens downloaded teachers; without it, a distill-only job fails.</param>
    public PipelineUnitRunner(IJobStore jobs, IArtifactStore artifacts, ITrainerTransport transport,
        Func<TrainingJobSpec, JobPlan> planner, ILogger<PipelineUnitRunner> logger, TimeProvider clock,
        DatasetCache? datasets = null, TeacherCache? teachers = null, TeacherLoader? loadTeachers = null)
    {
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        _artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _planner = planner ?? throw new ArgumentNullException(nameof(planner));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _datasets = new Lazy<DatasetCache>(() => datasets ?? new DatasetCache(artifacts));
        _teachers = new Lazy<TeacherCache>(() => teachers ?? new TeacherCache(artifacts));
        _loadTeachers = loadTeachers;
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

        var plan = await PlanAsync(spec, cancellationToken);
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

        if (spec.Teachers is null)
        {
            await EnsureMembersStoredAsync(jobId, spec.Request.Members, cancellationToken);
        }

        var started = await TransitionAsync(jobId, s => s.StartDistillation(unit.Attempt), cancellationToken);
        if (started.IsFinal || started.State == TrainingJobState.Converting)
        {
            return WorkOutcome.Skipped;
        }

        var plan = await PlanAsync(spec, cancellationToken);
        var store = Held(unit, s => s.HoldsDistillation(unit.Attempt));
        if (spec.Teachers is { } teachers)
        {
            await DistilTeachersAsync(unit, spec, teachers, plan, store, cancellationToken);
        }
        else
        {
            using var models = await NewPipeline(plan, jobId, unit.Progress, store).TrainAsync(plan.Bundle,
                plan.Architecture, plan.Students, cancellationToken);
            await new JobReportWriter(store, _clock).WriteAsync(jobId, models, cancellationToken);
        }

        await TransitionAsync(jobId, s => s.FinishDistillation(), cancellationToken);
        return WorkOutcome.Completed;
    }

    /// <summary>
    /// A distill-only job's distillation: its teachers downloaded (once per execution) and their SHA-256 recorded on
    /// the job (or checked against what an earlier delivery recorded), opened and checked, then distilled.
    /// </summary>
    private async Task DistilTeachersAsync(WorkUnit unit, TrainingJobSpec spec, TeacherSnapshot snapshot,
        JobPlan plan, IArtifactStore store, CancellationToken cancellationToken)
    {
        var downloads = _teachers.Value.Downloads;
        var local = await _teachers.Value.GetAsync(snapshot, cancellationToken);
        if (_teachers.Value.Downloads > downloads)
        {
            WorkerLog.TeachersDownloaded(_logger, snapshot.Reference, string.Join(", ", local.Digest.Files.Select(f
                => $"{f.Name} ({f.Bytes} bytes, SHA-256 {f.Sha256})")));
        }

        var recorded = await TransitionAsync(spec.JobId, s => s.RecordTeachers(local.Digest), cancellationToken);
        if (recorded.Teachers is { Hashed: true } digest && !digest.Files.SequenceEqual(local.Digest.Files))
        {
            throw new TeacherException($"The teachers of {snapshot.Reference} are not the files an earlier delivery "
                + "of this job downloaded. Submit the job again.");
        }

        var loader = _loadTeachers ?? throw new InvalidOperationException(
            "This worker was composed without a teacher loader, so it cannot run a distill-only job.");
        // Checkpoint teachers without an architecture.json have the job's architecture, before any head widening.
        var teachers = loader(local, plan.Bundle, plan.Architecture);
        try
        {
            var ensemble = TeacherChecks.Validate(teachers, plan.Bundle, cancellationToken);
            var confidence = TeacherConfidence.Of(ensemble, plan.Bundle.Train, cancellationToken);
            var defaults = DistillDefaults.Apply(plan.Options, plan.Bundle, confidence);
            var request = spec.Request;
            // The recipe again on the distillation defaults, which set Hydra's phase-2 epochs for these teachers.
            var options = HydraPlusRecipes.Apply(request.HydraPlusRecipe, defaults with
            {
                Members = ensemble.Count,
                KdEpochs = request.KdEpochs ?? defaults.KdEpochs,
                HydraPhase1Epochs = request.HydraPhase1Epochs ?? defaults.HydraPhase1Epochs,
                HydraPhase2Epochs = request.HydraPhase2Epochs ?? defaults.HydraPhase2Epochs,
                Temperature = request.Temperature ?? defaults.Temperature,
            }, plan.Bundle.Train.Count);
            WorkerLog.DistillingTeachers(_logger, ensemble.Count, options.KdEpochs, options.HydraPhase1Epochs,
                options.HydraPhase2Epochs, options.Temperature);
            using var models = await NewPipeline(plan with { Options = options }, spec.JobId, unit.Progress, store)
                .DistillAsync(plan.Bundle, plan.Students, ensemble, cancellationToken);
            await new JobReportWriter(store, _clock).WriteAsync(spec.JobId, models, cancellationToken);
        }
        finally
        {
            foreach (var teacher in teachers)
            {
                teacher.Dispose();
            }
        }
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

    /// <summary>
    /// The job's plan; a stored dataset is downloaded first (once per execution), its digest recorded on the job (or
    /// checked against the one recorded by an earlier unit) and loaded from the local copy's dataset.json.
    /// </summary>
    private async Task<JobPlan> PlanAsync(TrainingJobSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Dataset is not { } snapshot)
        {
            return _planner(spec);
        }

        var downloads = _datasets.Value.Downloads;
        var local = await _datasets.Value.GetAsync(snapshot, cancellationToken);
        if (_datasets.Value.Downloads > downloads)
        {
            WorkerLog.DatasetDownloaded(_logger, local.Digest.Dataset, local.Digest.FileCount, local.Digest.Bytes,
                Path.GetDirectoryName(local.DescriptionPath)!, local.Digest.Sha256);
        }
        var recorded = await TransitionAsync(spec.JobId, s => s.RecordDataset(local.Digest), cancellationToken);
        if (recorded.Dataset is { } digest && digest.Sha256 != local.Digest.Sha256)
        {
            throw DatasetChangedException.Of(snapshot.Name, $"its files' SHA-256 digest is {local.Digest.Sha256}, "
                + $"the job recorded {digest.Sha256}");
        }

        var plan = _planner(spec with { Request = spec.Request with { Dataset = local.DescriptionPath } });
        return plan with { Bundle = plan.Bundle with { Files = local.Digest } };
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
