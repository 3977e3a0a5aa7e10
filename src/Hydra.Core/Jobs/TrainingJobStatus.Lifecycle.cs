namespace Hydra.Core.Jobs;

/// <summary>
/// The job lifecycle, in one place: queued → training (members) → distilling → converting (ONNX) → ready, or
/// failed (a distill-only job, whose teachers were trained elsewhere, goes from queued straight to distilling).
/// Each transition checks the state it leaves and returns the next record, or the same record when there is nothing to
/// change (a replayed message), which the job store then does not write. Final states absorb every transition, so a
/// late
/// message never revives a finished job; a transition from a state that cannot lead to it throws
/// <see cref="JobTransitionException"/>.
/// </summary>
public sealed partial record TrainingJobStatus
{
    /// <summary>
    /// A worker takes a member unit (again, after a crash; or a duplicate delivery of it): the member trains, the job
    /// is training, and <paramref name="attempt"/> holds the member from now on (the newest delivery wins).
    /// </summary>
    public TrainingJobStatus StartMember(int index, string worker, string? attempt = null)
    {
        var member = MemberAt(index);
        if (IsFinal || member.State == MemberState.Done)
        {
            return this;
        }

        Require(State is TrainingJobState.Queued or TrainingJobState.Training, "start a member");
        return WithMember(new MemberProgress(index, MemberState.Training, 0,
            worker, attempt)) with
        { State = TrainingJobState.Training };
    }

    /// <summary>
    /// Publishes a training member's progress; a member no longer training, or held by another attempt, keeps its
    /// state.
    /// </summary>
    public TrainingJobStatus ReportMemberProgress(int index, double fraction, string worker, string? attempt = null)
    {
        var member = MemberAt(index);
        return IsFinal || member.State != MemberState.Training || (member.Fraction == fraction
            && member.Worker == worker) || (attempt is not null && member.Attempt != attempt)
            ? this
            : WithMember(member with { Fraction = fraction, Worker = worker });
    }

    /// <summary>The member's checkpoint is in storage.</summary>
    public TrainingJobStatus FinishMember(int index, string worker)
    {
        var member = MemberAt(index);
        if (IsFinal || member.State == MemberState.Done)
        {
            return this;
        }

        Require(State == TrainingJobState.Training, "finish a member");
        return WithMember(new MemberProgress(index, MemberState.Done, 1, worker));
    }

    /// <summary>
    /// On shutdown the member goes back to pending, so the status does not show a dead worker training it; an attempt
    /// that no longer holds the member releases nothing.
    /// </summary>
    public TrainingJobStatus ReleaseMember(int index, string? attempt = null) =>
        IsFinal || index < 0 || index >= Members.Count || Members[index].State != MemberState.Training
            || (attempt is not null && Members[index].Attempt != attempt)
            ? this
            : WithMember(new MemberProgress(index, MemberState.Pending));

    /// <summary>
    /// Exactly one member unit wins the right to send the distillation: the first to claim once every member is done
    /// (and
    /// before the distillation started).
    /// The caller compares <see cref="DistillationClaimedBy"/> with its own message id.
    /// </summary>
    public TrainingJobStatus ClaimDistillation(string messageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        return State != TrainingJobState.Training || !AllMembersDone || DistillationClaimedBy is not null
            ? this
            : this with { DistillationClaimedBy = messageId };
    }

    /// <summary>
    /// The distillation unit starts (or starts again after a crash, or finds it already done): once every member is
    /// done, or, for a distill-only job, straight from queued; while distilling,
    /// <paramref name="attempt"/> takes the distillation over (the newest delivery wins).
    /// </summary>
    public TrainingJobStatus StartDistillation(string? attempt = null)
    {
        if (IsFinal || State == TrainingJobState.Converting)
        {
            return this;
        }

        if (State == TrainingJobState.Distilling)
        {
            return attempt is null || DistillationAttempt == attempt
                ? this
                : this with { DistillationAttempt = attempt };
        }

        Require((State == TrainingJobState.Training && AllMembersDone)
            || (State == TrainingJobState.Queued && DistillOnly), "start the distillation");
        return this with
        {
            State = TrainingJobState.Distilling,
            Phase = null,
            PhaseFraction = 0,
            DistillationAttempt = attempt
        };
    }

    /// <summary>Publishes the distillation's phase and progress (only the attempt that holds it, when named).</summary>
    public TrainingJobStatus ReportPhase(string phase, double fraction, string? attempt = null) =>
        IsFinal || State != TrainingJobState.Distilling || (Phase == phase && PhaseFraction == fraction)
            || (attempt is not null && DistillationAttempt != attempt)
            ? this
            : this with { Phase = phase, PhaseFraction = fraction };

    /// <summary>
    /// The distilled checkpoints and the report are in storage: converting, or ready if every model is served.
    /// </summary>
    public TrainingJobStatus FinishDistillation()
    {
        if (IsFinal || State == TrainingJobState.Converting)
        {
            return this;
        }

        Require(State == TrainingJobState.Distilling, "finish the distillation");
        var state = AllModelsIn(Models) ? TrainingJobState.Ready : TrainingJobState.Converting;
        return this with { State = state, Phase = null, PhaseFraction = 0 };
    }

    /// <summary>
    /// A model converted from the job is served. It is listed in any state from distilling on (Hydra converts while
    /// Hydra+
    /// still trains; a failed job lists what it did serve); converting becomes ready once every model is in. A served
    /// model clears the note of an earlier failed conversion, never a failed job's reason.
    /// </summary>
    public TrainingJobStatus AddModel(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        Require(State is not (TrainingJobState.Queued or TrainingJobState.Training), "add a model");
        var models = Models.Contains(modelId) ? Models : [.. Models, modelId];
        var ready = State == TrainingJobState.Converting && AllModelsIn(models);
        var next = this with
        {
            Models = models,
            State = ready ? TrainingJobState.Ready : State,
            Reason = State == TrainingJobState.Failed ? Reason : null,
        };
        return next.Models.SequenceEqual(Models) && next.State == State && next.Reason == Reason ? this : next;
    }

    /// <summary>The job can never finish: failed, with the reason clients see.</summary>
    public TrainingJobStatus Fail(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return IsFinal ? this : this with
        {
            State = TrainingJobState.Failed,
            Reason = reason,
            Phase = null,
            PhaseFraction = 0
        };
    }

    /// <summary>
    /// Records why a step went wrong without changing the state: a unit that will be retried, or a conversion that
    /// failed while an older model keeps serving. A failed job keeps its reason.
    /// </summary>
    public TrainingJobStatus Note(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return State == TrainingJobState.Failed || Reason == reason ? this : this with { Reason = reason };
    }

    /// <summary>
    /// The stored dataset's files as a worker downloaded them; kept from the first unit on, so a later unit can tell
    /// when it got other data.
    /// </summary>
    public TrainingJobStatus RecordDataset(Datasets.DatasetDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return IsFinal || Dataset is not null ? this : this with { Dataset = digest };
    }

    /// <summary>
    /// A distill-only job's teacher files as a worker downloaded them (with their SHA-256); kept from the first unit
    /// on, so a later delivery can tell when it got other files.
    /// </summary>
    public TrainingJobStatus RecordTeachers(Teachers.TeacherDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return IsFinal || Teachers is { Hashed: true } ? this : this with { Teachers = digest };
    }

    /// <summary>
    /// The member units were handed to the trainer; a replayed request finding this set sends nothing.
    /// </summary>
    public TrainingJobStatus MarkDispatched(DateTimeOffset now) =>
        IsFinal || DispatchedAt is not null ? this : this with { DispatchedAt = now };

    private MemberProgress MemberAt(int index)
    {
        if (index < 0 || index >= Members.Count)
        {
            throw new JobTransitionException(JobId, $"use member {index}", $"it has {Members.Count} members");
        }

        return Members[index];
    }

    private TrainingJobStatus WithMember(MemberProgress member) =>
        this with { Members = [.. Members.Select(m => m.Index == member.Index ? member : m)] };

    private void Require(bool allowed, string transition)
    {
        if (!allowed)
        {
            var members = $"{Members.Count(m => m.State == MemberState.Done)}/{Members.Count} members done";
            throw new JobTransitionException(JobId, transition, $"{State.ToString().ToLowerInvariant()} ({members})");
        }
    }
}
