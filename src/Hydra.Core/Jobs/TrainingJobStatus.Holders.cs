namespace Hydra.Core.Jobs;

/// <summary>
/// Who may write a unit's results. A unit can be delivered twice at once (a duplicate send, or a message whose lock ran
/// out while storage was away); the newest delivery takes the unit over in the record (StartMember,
/// StartDistillation), and the worker asks before every write whether its attempt still holds the unit, so a
/// superseded attempt never writes over the holder's checkpoints.
/// </summary>
public sealed partial record TrainingJobStatus
{
    /// <summary>Whether <paramref name="attempt"/> holds member <paramref name="index"/>, which is still training.
    /// </summary>
    public bool HoldsMember(int index, string attempt) =>
        !IsFinal && index >= 0 && index < Members.Count && Members[index].State == MemberState.Training
        && Members[index].Attempt == attempt;

    /// <summary>Whether <paramref name="attempt"/> holds the distillation, which is still running.</summary>
    public bool HoldsDistillation(string attempt) =>
        State == TrainingJobState.Distilling && DistillationAttempt == attempt;
}
