using Hydra.Core.Errors;
using Hydra.Core.Jobs;

namespace Hydra.Core.Tests.Jobs;

/// <summary>
/// Every transition of the job lifecycle from every state: what it leads to, leaves alone, or refuses.
/// </summary>
public sealed class TrainingJobLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The states a two-member job passes through, built only by legal transitions.</summary>
    private static readonly Dictionary<string, TrainingJobStatus> States = BuildStates();

    /// <summary>The transitions under test, each with the arguments a real caller passes.</summary>
    private static readonly Dictionary<string, Func<TrainingJobStatus, TrainingJobStatus>> Transitions = new()
    {
        ["start member 1"] = s => s.StartMember(1, "w1"),
        ["finish member 0"] = s => s.FinishMember(0, "w0"),
        ["release member 0"] = s => s.ReleaseMember(0),
        ["claim distillation"] = s => s.ClaimDistillation("job.member.1"),
        ["start distillation"] = s => s.StartDistillation(),
        ["finish distillation"] = s => s.FinishDistillation(),
        ["add model"] = s => s.AddModel("job"),
        ["fail"] = s => s.Fail("boom"),
        ["mark dispatched"] = s => s.MarkDispatched(T0),
    };

    // state -> transition -> expected: a state name (changed), "same" (returns the very record) or "refused" (throws).
    private static readonly Dictionary<string, Dictionary<string, string>> Expected = new()
    {
        ["queued"] = Row(start: "Training", finish: "refused", release: "same", claim: "same", startD: "refused",
            finishD: "refused", add: "refused", fail: "Failed", dispatched: "Queued"),
        // Teachers trained elsewhere: no members to train or finish, the distillation starts from queued.
        ["queued, distill-only"] = Row(start: "refused", finish: "refused", release: "same", claim: "same",
            startD: "Distilling", finishD: "refused", add: "refused", fail: "Failed", dispatched: "Queued"),
        ["training, member 0 training"] = Row(start: "Training", finish: "Training", release: "Training", claim: "same",
            startD: "refused", finishD: "refused", add: "refused", fail: "Failed", dispatched: "Training"),
        ["training, all members done"] = Row(start: "same", finish: "same", release: "same", claim: "Training",
            startD: "Distilling", finishD: "refused", add: "refused", fail: "Failed", dispatched: "Training"),
        ["distilling"] = Row(start: "same", finish: "same", release: "same", claim: "same", startD: "same",
            finishD: "Converting", add: "Distilling", fail: "Failed", dispatched: "Distilling"),
        ["converting"] = Row(start: "same", finish: "same", release: "same", claim: "same", startD: "same",
            finishD: "same", add: "Ready", fail: "Failed", dispatched: "Converting"),
        ["ready"] = Row(start: "same", finish: "same", release: "same", claim: "same", startD: "same",
            finishD: "same", add: "same", fail: "same", dispatched: "same"),
        ["failed"] = Row(start: "same", finish: "same", release: "same", claim: "same", startD: "same",
            finishD: "same", add: "Failed", fail: "same", dispatched: "same"),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in Expected.Keys)
        {
            foreach (var transition in Transitions.Keys)
            {
                data.Add(state, transition);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transition_FromEachState_LeadsWhereTheTableSays(string state, string transition)
    {
        var from = States[state];
        var expected = Expected[state][transition];

        if (expected == "refused")
        {
            var error = Assert.Throws<JobTransitionException>(() => Transitions[transition](from));
            Assert.Equal(ErrorKind.Conflict, error.Kind);
            Assert.Equal("illegal-job-transition", error.Code);
            return;
        }

        var next = Transitions[transition](from);

        if (expected == "same")
        {
            Assert.Same(from, next);
        }
        else
        {
            Assert.NotSame(from, next);
            Assert.Equal(expected, next.State.ToString());
        }
    }

    [Fact]
    public void Table_CoversEveryStateAndTransition()
    {
        // Queued and training each appear twice (distill-only or not; members training or all done).
        Assert.Equal(Enum.GetValues<TrainingJobState>().Length + 2, Expected.Count);
        Assert.All(Expected.Values, row => Assert.Equal(Transitions.Keys.Order(), row.Keys.Order()));
    }

    [Fact]
    public void ClaimDistillation_SecondClaimant_LosesToTheFirst()
    {
        var done = States["training, all members done"];

        var first = done.ClaimDistillation("job.member.0");
        var second = first.ClaimDistillation("job.member.1");

        Assert.Equal("job.member.0", second.DistillationClaimedBy);
        Assert.Same(first, second);
    }

    [Fact]
    public void FinishDistillation_EveryModelAlreadyServed_IsReadyAtOnce()
    {
        var distilling = States["distilling"].AddModel("job");

        var next = distilling.FinishDistillation();

        Assert.Equal(TrainingJobState.Ready, next.State);
        Assert.Equal(["job"], next.Models);
    }

    [Fact]
    public void AddModel_HydraPlusJob_IsReadyOnlyWithBothModels()
    {
        var converting = Walk(TrainingJobStatus.Queued("job", 1, expectedModels: 2, T0), distil: true);

        var one = converting.AddModel("job");
        var again = one.AddModel("job");
        var both = one.AddModel("job-plus");

        Assert.Equal(TrainingJobState.Converting, one.State);
        Assert.Same(one, again);
        Assert.Equal(TrainingJobState.Ready, both.State);
    }

    [Fact]
    public void AddModel_AfterAFailedConversionNote_ClearsTheNoteButNeverAFailuresReason()
    {
        var noted = States["converting"].Note("Converting failed: corrupt");
        var failed = States["failed"];

        Assert.Null(noted.AddModel("job").Reason);
        Assert.Equal("boom", failed.AddModel("job").Reason);
        Assert.Same(failed, failed.Note("later"));
    }

    [Fact]
    public void StartMember_UnknownIndex_IsRefusedNamingTheMembers()
    {
        var error = Assert.Throws<JobTransitionException>(() => States["queued"].StartMember(2, "w"));

        Assert.Contains("2 members", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportProgress_OnlyWhileTheMemberOrPhaseRuns()
    {
        var training = States["training, member 0 training"];

        Assert.Equal(0.25, training.ReportMemberProgress(0, 0.25, "w0").Members[0].Fraction);
        Assert.Same(training, training.ReportMemberProgress(1, 0.25, "w1"));
        Assert.Same(training, training.ReportPhase("kd", 0.5));
        Assert.Equal("kd", States["distilling"].ReportPhase("kd", 0.5).Phase);
    }

    private static Dictionary<string, string> Row(string start, string finish, string release, string claim,
        string startD,
        string finishD, string add, string fail, string dispatched) => new()
        {
            ["start member 1"] = start,
            ["finish member 0"] = finish,
            ["release member 0"] = release,
            ["claim distillation"] = claim,
            ["start distillation"] = startD,
            ["finish distillation"] = finishD,
            ["add model"] = add,
            ["fail"] = fail,
            ["mark dispatched"] = dispatched,
        };

    private static Dictionary<string, TrainingJobStatus> BuildStates()
    {
        var queued = TrainingJobStatus.Queued("job", 2, expectedModels: 1, T0);
        var training = queued.StartMember(0, "w0");
        var allDone = training.FinishMember(0, "w0").StartMember(1, "w1").FinishMember(1, "w1");
        var distilling = allDone.StartDistillation();
        var converting = distilling.FinishDistillation();
        return new Dictionary<string, TrainingJobStatus>
        {
            ["queued"] = queued,
            ["queued, distill-only"] = TrainingJobStatus.QueuedForTeachers("job", new Hydra.Core.Teachers.TeacherDigest(
                "teachers/ens", [new("a.onnx", 10, null), new("b.onnx", 10, null)]), expectedModels: 1, T0),
            ["training, member 0 training"] = training,
            ["training, all members done"] = allDone,
            ["distilling"] = distilling,
            ["converting"] = converting,
            ["ready"] = converting.AddModel("job"),
            ["failed"] = training.Fail("boom"),
        };
    }

    private static TrainingJobStatus Walk(TrainingJobStatus queued, bool distil)
    {
        var status = queued;
        foreach (var member in queued.Members)
        {
            status = status.StartMember(member.Index, "w").FinishMember(member.Index, "w");
        }

        return distil ? status.StartDistillation().FinishDistillation() : status;
    }
}
