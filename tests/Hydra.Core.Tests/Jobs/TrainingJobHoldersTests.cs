using Hydra.Core.Jobs;

namespace Hydra.Core.Tests.Jobs;

/// <summary>
/// Two deliveries of one unit at once: the newest takes the unit over, and only the holder may write or release it.
/// </summary>
public sealed class TrainingJobHoldersTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StartMember_SecondAttempt_TakesTheMemberOverFromTheFirst()
    {
        var first = TrainingJobStatus.Queued("job", 2, 1, T0).StartMember(0, "w1", "w1/a");

        var second = first.StartMember(0, "w2", "w2/b");

        Assert.True(first.HoldsMember(0, "w1/a"));
        Assert.False(second.HoldsMember(0, "w1/a"));
        Assert.True(second.HoldsMember(0, "w2/b"));
        Assert.Equal(new MemberProgress(0, MemberState.Training, 0, "w2", "w2/b"), second.Members[0]);
    }

    [Fact]
    public void ReleaseMember_BySupersededAttempt_LeavesTheHolderTraining()
    {
        var status = TrainingJobStatus.Queued("job", 1, 1, T0).StartMember(0, "w1", "w1/a").StartMember(0, "w2",
            "w2/b");

        Assert.Same(status, status.ReleaseMember(0, "w1/a"));
        Assert.Equal(MemberState.Pending, status.ReleaseMember(0, "w2/b").Members[0].State);
    }

    [Fact]
    public void ReportMemberProgress_BySupersededAttempt_ChangesNothing()
    {
        var status = TrainingJobStatus.Queued("job", 1, 1, T0).StartMember(0, "w1", "w1/a").StartMember(0, "w2",
            "w2/b");

        Assert.Same(status, status.ReportMemberProgress(0, 0.5, "w1", "w1/a"));
        Assert.Equal(0.5, status.ReportMemberProgress(0, 0.5, "w2", "w2/b").Members[0].Fraction);
    }

    [Fact]
    public void HoldsMember_OnceTheMemberIsDone_IsFalseForEveryAttempt()
    {
        var status = TrainingJobStatus.Queued("job", 1, 1, T0).StartMember(0, "w1", "w1/a").FinishMember(0, "w1");

        Assert.False(status.HoldsMember(0, "w1/a"));
        Assert.Same(status, status.StartMember(0, "w2", "w2/b"));
    }

    [Fact]
    public void StartDistillation_SecondAttemptWhileDistilling_TakesItOver()
    {
        var trained = TrainingJobStatus.Queued("job", 1, 1, T0).StartMember(0, "w1", "w1/a").FinishMember(0, "w1");
        var first = trained.StartDistillation("w1/c");

        var second = first.StartDistillation("w3/d");

        Assert.True(first.HoldsDistillation("w1/c"));
        Assert.Equal(TrainingJobState.Distilling, second.State);
        Assert.False(second.HoldsDistillation("w1/c"));
        Assert.True(second.HoldsDistillation("w3/d"));
        Assert.Same(second, second.StartDistillation("w3/d"));
        Assert.Same(second, second.ReportPhase("kd", 0.5, "w1/c"));
        Assert.False(second.FinishDistillation().HoldsDistillation("w3/d"));
    }
}
