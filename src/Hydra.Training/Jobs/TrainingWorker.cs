using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Core.Reports;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;
using Hydra.Training.Reporting;
using Microsoft.Extensions.Logging;

namespace Hydra.Training.Jobs;

/// <summary>
/// The trainer container's loop (`hydra worker`): takes one unit of work at a time from the trainer transport — one
/// ensemble member, or the distillation once every member is in storage — writes checkpoints and status, and settles
/// the message. Idempotent: work found in storage is not redone, and a redelivered message does no harm.
/// </summary>
public sealed class TrainingWorker
{
    private readonly ITrainerTransport _transport;
    private readonly IJobStore _jobs;
    private readonly IArtifactStore _artifacts;
    private readonly Func<TrainingJobSpec, JobPlan> _planner;
    private readonly TrainingWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;

    /// <param name="planner">Resolves a job spec to data, architecture and hyper-parameters (defaults per dataset).</param>
    public TrainingWorker(ITrainerTransport transport, IJobStore jobs, IArtifactStore artifacts, Func<TrainingJobSpec, JobPlan> planner,
        TrainingWorkerOptions options, ILogger<TrainingWorker> logger, TimeProvider? clock = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        _artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
        _planner = planner ?? throw new ArgumentNullException(nameof(planner));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Processes units until cancelled (SIGTERM), idle for <see cref="TrainingWorkerOptions.IdleExit"/>, or at the unit limit.</summary>
    /// <returns>The number of messages settled.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        WorkerLog.Started(_logger, _options.WorkerId);
        var units = 0;
        var idleSince = _clock.GetTimestamp();
        string reason;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = "shutdown";
                break;
            }

            ITrainerDelivery? delivery;
            try
            {
                delivery = await _transport.ReceiveAsync(_options.ReceiveWait, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                reason = "shutdown";
                break;
            }

            if (delivery is null)
            {
                if (_options.IdleExit > TimeSpan.Zero && _clock.GetElapsedTime(idleSince) >= _options.IdleExit)
                {
                    reason = "queue idle";
                    break;
                }

                continue;
            }

            var outcome = await ProcessAsync(delivery, cancellationToken);
            units++;
            idleSince = _clock.GetTimestamp();
            if (outcome == WorkOutcome.Abandoned && cancellationToken.IsCancellationRequested)
            {
                reason = "shutdown";
                break;
            }

            if (units >= _options.MaxUnits)
            {
                reason = "unit limit";
                break;
            }
        }

        WorkerLog.Stopped(_logger, _options.WorkerId, units, reason);
        return units;
    }

    /// <summary>Runs the unit one message names and settles the message (complete, dead-letter or abandon).</summary>
    public async Task<WorkOutcome> ProcessAsync(ITrainerDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        TrainingWorkItem item;
        try
        {
            item = TrainingWorkItem.Parse(delivery.Body.Span);
        }
        catch (InvalidWorkItemException e)
        {
            WorkerLog.DeadLettered(_logger, delivery.MessageId, e.Message);
            await delivery.DeadLetterAsync(e.Message, CancellationToken.None);
            return WorkOutcome.DeadLettered;
        }

        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = item.JobId, ["WorkItem"] = item.MessageId });
        WorkerLog.UnitStarted(_logger, item.MessageId, delivery.DeliveryCount);
        var started = Stopwatch.GetTimestamp();
        var progress = new LatestProgress();
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beating = HeartbeatAsync(delivery, item, progress, heartbeat.Token);
        WorkOutcome outcome;
        try
        {
            outcome = item.Kind == WorkItemKind.Member
                ? await RunMemberAsync(item, delivery.MessageId, progress, cancellationToken)
                : await RunDistillationAsync(item, progress, cancellationToken);
            await StopAsync(heartbeat, beating);
            await delivery.CompleteAsync(CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(heartbeat, beating);
            WorkerLog.Interrupted(_logger, item.MessageId);
            await ReleaseAsync(item);
            await delivery.AbandonAsync(CancellationToken.None);
            outcome = WorkOutcome.Abandoned;
        }
        catch (Exception e) when (IsPermanent(e))
        {
            await StopAsync(heartbeat, beating);
            WorkerLog.DeadLettered(_logger, delivery.MessageId, e.Message);
            await FailJobAsync(item.JobId, e.Message);
            await delivery.DeadLetterAsync(e.Message, CancellationToken.None);
            outcome = WorkOutcome.DeadLettered;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await StopAsync(heartbeat, beating);
            WorkerLog.TransientFailure(_logger, e, item.MessageId, delivery.DeliveryCount);
            await NoteAttemptAsync(item, e.Message);
            await delivery.AbandonAsync(CancellationToken.None);
            outcome = WorkOutcome.Abandoned;
        }

        WorkerLog.UnitFinished(_logger, item.MessageId, outcome, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return outcome;
    }

    private async Task<WorkOutcome> RunMemberAsync(TrainingWorkItem item, string messageId, LatestProgress progress, CancellationToken cancellationToken)
    {
        var (spec, status) = await LoadJobAsync(item.JobId, cancellationToken);
        var index = item.MemberIndex!.Value;
        if (index >= spec.Request.Members)
        {
            throw new InvalidWorkItemException($"Job '{item.JobId}' has {spec.Request.Members} members; there is no member {index}.");
        }

        if (status.IsFinal)
        {
            return WorkOutcome.Skipped;
        }

        await UpdateAsync(item.JobId, s => s.Members[index].State == MemberState.Done ? null : s.WithMember(new MemberProgress(index, MemberState.Training, 0, _options.WorkerId)) with
        {
            State = s.State == TrainingJobState.Queued ? TrainingJobState.Training : s.State,
        }, cancellationToken);

        var plan = _planner(spec);
        var pipeline = new HydraPipeline(plan.Options, new CheckpointStore(_artifacts), JobPaths.Checkpoints(item.JobId), progress, _clock);
        if (!await pipeline.TrainMemberAsync(plan.Bundle, plan.Architecture, index, cancellationToken))
        {
            WorkerLog.MemberResumed(_logger, index);
        }

        await UpdateAsync(item.JobId, s => s.WithMember(new MemberProgress(index, MemberState.Done, 1, _options.WorkerId)), cancellationToken);
        await RequestDistillationIfLastAsync(item.JobId, messageId, cancellationToken);
        return WorkOutcome.Completed;
    }

    /// <summary>
    /// Exactly one member unit wins the claim (an optimistic update on the job record) and sends the distillation. The
    /// claim names the winning message, so if that worker dies before sending, the redelivered message sends it again.
    /// </summary>
    private async Task RequestDistillationIfLastAsync(string jobId, string messageId, CancellationToken cancellationToken)
    {
        var claimed = await UpdateAsync(jobId, s => s.AllMembersDone && s.DistillationClaimedBy is null && !s.IsFinal
            ? s with { DistillationClaimedBy = messageId }
            : null, cancellationToken);
        if (claimed.DistillationClaimedBy == messageId && !claimed.IsFinal)
        {
            await _transport.SendAsync(TrainingWorkItem.Distill(jobId), cancellationToken);
            WorkerLog.DistillationRequested(_logger);
        }
    }

    private async Task<WorkOutcome> RunDistillationAsync(TrainingWorkItem item, LatestProgress progress, CancellationToken cancellationToken)
    {
        var (spec, status) = await LoadJobAsync(item.JobId, cancellationToken);
        if (status.IsFinal)
        {
            return WorkOutcome.Skipped;
        }

        var root = JobPaths.Checkpoints(item.JobId);
        var checkpoints = new CheckpointStore(_artifacts);
        for (var m = 0; m < spec.Request.Members; m++)
        {
            if (!await checkpoints.ExistsAsync(CheckpointPaths.Folder(root, ModelKind.Member, m), cancellationToken))
            {
                // Only sent once every member is done, so this is a transient inconsistency: retry later.
                throw new InvalidOperationException($"Member {m} of job '{item.JobId}' is not in storage yet.");
            }
        }

        await UpdateAsync(item.JobId, s => s with { State = TrainingJobState.Distilling }, cancellationToken);
        var plan = _planner(spec);
        var pipeline = new HydraPipeline(plan.Options, checkpoints, root, progress, _clock);
        using (var models = await pipeline.TrainAsync(plan.Bundle, plan.Architecture, cancellationToken))
        {
            await WriteReportAsync(item.JobId, models, cancellationToken);
        }

        await UpdateAsync(item.JobId, s => s with
        {
            State = s.Models.Count >= s.ExpectedModels ? TrainingJobState.Ready : TrainingJobState.Converting,
            Phase = null,
            PhaseFraction = 0,
        }, cancellationToken);
        return WorkOutcome.Completed;
    }

    private async Task WriteReportAsync(string jobId, TrainedModels models, CancellationToken cancellationToken)
    {
        var prefix = JobPaths.Reports(jobId);
        var (report, detail) = Evaluator.EvaluateWithDetail(models, _clock, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("hydra-report-");
        try
        {
            var plots = ReportPlots.Write(detail, folder.FullName).Select(Path.GetFileName).OfType<string>().ToList();
            foreach (var plot in plots)
            {
                await _artifacts.WriteAsync($"{prefix}/{plot}", await File.ReadAllBytesAsync(Path.Combine(folder.FullName, plot), cancellationToken), cancellationToken);
            }

            await _artifacts.WriteAsync($"{prefix}/report.md", Encoding.UTF8.GetBytes(MarkdownReport.Render(report, plots)), cancellationToken);
            await _artifacts.WriteAsync($"{prefix}/report.json", Encoding.UTF8.GetBytes(report.ToJson()), cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<(TrainingJobSpec Spec, TrainingJobStatus Status)> LoadJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var spec = await JobSpecs.ReadAsync(_artifacts, jobId, cancellationToken);
        var status = await _jobs.GetAsync(jobId, cancellationToken) ?? throw new JobNotFoundException(jobId);
        return (spec, status);
    }

    /// <summary>Renews the message lock and publishes progress until the unit ends.</summary>
    private async Task HeartbeatAsync(ITrainerDelivery delivery, TrainingWorkItem item, LatestProgress progress, CancellationToken cancellationToken)
    {
        var tick = TimeSpan.FromTicks(Math.Min(delivery.RenewInterval.Ticks, _options.ProgressInterval.Ticks));
        var lastRenew = _clock.GetTimestamp();
        TrainingProgress? published = null;
        try
        {
            while (true)
            {
                await Task.Delay(tick, _clock, cancellationToken);
                if (_clock.GetElapsedTime(lastRenew) >= delivery.RenewInterval)
                {
                    await RenewAsync(delivery, cancellationToken);
                    lastRenew = _clock.GetTimestamp();
                }

                if (progress.Current is { } current && current != published)
                {
                    published = current;
                    await PublishAsync(item, current, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The unit ended; the caller settles the message.
        }
    }

    private async Task RenewAsync(ITrainerDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.RenewAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost lock means another worker may also run this unit; that is safe (idempotent), only wasteful.
            WorkerLog.RenewFailed(_logger, e);
        }
    }

    private async Task PublishAsync(TrainingWorkItem item, TrainingProgress p, CancellationToken cancellationToken)
    {
        var remaining = p.Remaining is { } r ? r.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?";
        WorkerLog.Progress(_logger, p.Phase, p.Epoch, p.Epochs, 100 * p.Fraction, p.SamplesPerSecond, remaining);
        await UpdateAsync(item.JobId, s => item.Kind == WorkItemKind.Member
            ? s.Members[item.MemberIndex!.Value].State == MemberState.Training
                ? s.WithMember(new MemberProgress(item.MemberIndex.Value, MemberState.Training, Math.Round(p.Fraction, 3), _options.WorkerId))
                : null
            : s with { Phase = p.Phase, PhaseFraction = Math.Round(p.Fraction, 3) }, cancellationToken);
    }

    /// <summary>On shutdown a member goes back to pending, so the status does not show a dead worker training it.</summary>
    private async Task ReleaseAsync(TrainingWorkItem item)
    {
        if (item.Kind == WorkItemKind.Member)
        {
            var index = item.MemberIndex!.Value;
            await TryUpdateAsync(item.JobId, s => index < s.Members.Count && s.Members[index].State == MemberState.Training
                ? s.WithMember(new MemberProgress(index, MemberState.Pending))
                : null);
        }
    }

    private Task FailJobAsync(string jobId, string reason) =>
        TryUpdateAsync(jobId, s => s.IsFinal ? null : s with { State = TrainingJobState.Failed, Reason = reason });

    private Task NoteAttemptAsync(TrainingWorkItem item, string error) =>
        TryUpdateAsync(item.JobId, s => s.IsFinal ? null : s with { Reason = $"{item.MessageId} failed, will retry: {error}" });

    private async Task TryUpdateAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus?> change)
    {
        try
        {
            await UpdateAsync(jobId, change, CancellationToken.None);
        }
        catch (JobNotFoundException)
        {
            // Nothing to record on: the message is settled all the same.
        }
    }

    private Task<TrainingJobStatus> UpdateAsync(string jobId, Func<TrainingJobStatus, TrainingJobStatus?> change, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        return _jobs.UpdateAsync(jobId, s => change(s) is { } next ? next with { UpdatedAt = now } : null, cancellationToken);
    }

    private static async Task StopAsync(CancellationTokenSource heartbeat, Task beating)
    {
        await heartbeat.CancelAsync();
        await beating;
    }

    /// <summary>Failures no retry can fix: the job or message is wrong, not the weather.</summary>
    private static bool IsPermanent(Exception e) => e is InvalidWorkItemException or JobNotFoundException or JobValidationException
        or NotSupportedException or ArgumentException or ArchitectureValidationException or DatasetFormatException or CheckpointException
        or TrainingDivergedException;
}
