using Hydra.Chaos.Check;

namespace Hydra.Chaos.Tests;

/// <summary>
/// The invariant checker fed hand-made states: the good one passes every check; each broken one fails the check it
/// breaks, with a violation that names what is wrong.
/// </summary>
public sealed class InvariantCheckerTests
{
    [Fact]
    public void Check_GoodState_EveryInvariantHoldsAndNoWorkIsLost()
    {
        var state = GoodState.Create();

        var results = InvariantChecker.Check(state);

        Assert.All(results, r => Assert.True(r.Holds, $"{r.Name}: {string.Join("; ", r.Violations)}"));
        Assert.Equal(9, results.Count);
        Assert.Equal(0, InvariantChecker.LostWork(state));
    }

    [Fact]
    public void Check_CheckpointRewrittenAfterItsCard_FailsTrainedOnceAndCountsLostWork()
    {
        var state = GoodState.Create();
        var weights = state.Blobs.Single(b => b.Path == "checkpoints/j01/members/0/model.safetensors");
        var card = state.Blobs.Single(b => b.Path == "checkpoints/j01/members/0/model.json");
        var rewritten = weights with
        {
            Versions = [.. weights.Versions, new("w2", card.Versions[0].SeenAt.AddSeconds(30))]
        };
        state = state with { Blobs = [.. state.Blobs.Where(b => b != weights), rewritten] };

        var violations = Violations(state, "trained-once");

        Assert.Equal(["checkpoints/j01/members/0: model.safetensors rewritten after the card existed"], violations);
        Assert.Equal(1, InvariantChecker.LostWork(state));
    }

    [Fact]
    public void Check_CardWrittenTwice_FailsTrainedOnce()
    {
        var state = GoodState.Create();
        var card = state.Blobs.Single(b => b.Path == "checkpoints/d01/hydra/model.json");
        state = state with
        {
            Blobs = [.. state.Blobs.Where(b => b != card), card with
            {
                Versions = [.. card.Versions, new("c2", card.Versions[0].SeenAt.AddSeconds(5))]
            }]
        };

        Assert.Equal(["checkpoints/d01/hydra: model.json rewritten after the card existed"],
            Violations(state, "trained-once"));
    }

    [Fact]
    public void Check_WeightsWrittenBeforeTheirCard_IsNotARewrite()
    {
        var state = GoodState.Create();
        var weights = state.Blobs.Single(b => b.Path == "checkpoints/j01/hydra/model.safetensors");
        state = state with
        {
            Blobs = [.. state.Blobs.Where(b => b != weights), weights with
            {
                Versions = [new("w0", GoodState.T0), .. weights.Versions]
            }]
        };

        Assert.Empty(Violations(state, "trained-once"));
    }

    [Fact]
    public void Check_ManifestWithTheWrongSha_FailsNoHalfWritten()
    {
        var state = GoodState.Create() with
        {
            Checks = [new("models/j01/manifest.json", "model.onnx SHA-256 0123456789ab but the manifest says "
                + "ba9876543210")]
        };

        Assert.Equal(["models/j01/manifest.json: model.onnx SHA-256 0123456789ab but the manifest says ba9876543210"],
            Violations(state, "no-half-written"));
    }

    [Fact]
    public void Check_StuckJob_FailsJobsFinalAndExpectedOutcome()
    {
        var state = GoodState.Create();
        state = state with
        {
            Jobs = [.. state.Jobs.Where(j => j.JobId != "j01"), new("j01", "distilling", null, [], 2, 2)]
        };

        Assert.Equal(["j01 is stuck in 'distilling' (2/2 members done)"], Violations(state, "jobs-final"));
        Assert.Equal(["j01 (Ready) ended 'distilling', not 'ready'"], Violations(state, "expected-outcome"));
        Assert.Equal(1, InvariantChecker.LostWork(state));
    }

    [Fact]
    public void Check_FailedJobWithoutAReason_FailsJobsFinal()
    {
        var state = GoodState.Create();
        state = state with
        {
            Jobs = [.. state.Jobs.Where(j => j.JobId != "x01"), new("x01", "failed", null, [], 2, 0)]
        };

        Assert.Equal(["x01 failed without a reason"], Violations(state, "jobs-final"));
    }

    [Fact]
    public void Check_SecondModelVersion_FailsOneModelVersion()
    {
        var state = GoodState.Create() with
        {
            ModelVersions = new Dictionary<string, IReadOnlyList<string>>
            {
                ["j01"] = ["aaaaaaaaaaaaaaaa", "cccccccccccccccc"],
                ["d01"] = ["bbbbbbbbbbbbbbbb"],
            },
        };

        Assert.Equal(["model j01 has 2 versions (aaaaaaaaaaaa, cccccccccccc)"], Violations(state, "one-model-version"));
        Assert.Equal(1, InvariantChecker.LostWork(state));
    }

    [Fact]
    public void Check_HostParkedARequestWithoutAReason_FailsPoisonExact()
    {
        var state = GoodState.Create();
        state = state with
        {
            Poison = [.. state.Poison, new("training-requests-poison", null, GoodState.Ordinary.Body)]
        };

        var violations = Violations(state, "poison-exact");

        Assert.Equal([$"unexpected on training-requests-poison: '{GoodState.Ordinary.Body}' (no reason)"],
            violations);
    }

    [Fact]
    public void Check_MalformedMessageMissingFromPoison_FailsPoisonExact()
    {
        var state = GoodState.Create();
        state = state with { Poison = [.. state.Poison.Where(p => p.Body != "garbage")] };

        Assert.Equal(["malformed message 'garbage': 0 poison entries, expected 1"], Violations(state, "poison-exact"));
    }

    [Fact]
    public void Check_DuplicateAnsweredWithTwoJobs_FailsDuplicatesOneJob()
    {
        var state = GoodState.Create();
        state = state with
        {
            Submissions = [.. state.Submissions.Where(s => s is not { Key: "d01", Copy: 2 }),
                new("d01", 2, Plan.SubmitRoute.Http, "d01-again", 202, true, 1)],
        };

        Assert.Equal(["d01: copies answered with job ids [d01, d01-again], expected d01",
            "d01: 2 of 2 HTTP answers said a new job was created"], Violations(state, "duplicates-one-job"));
    }

    [Fact]
    public void Check_WorkLeftOnAQueue_FailsQueuesDrained()
    {
        var state = GoodState.Create() with
        {
            LeftOnQueues = new Dictionary<string, int> { ["training-requests"] = 0, ["training-jobs"] = 2 }
        };

        Assert.Equal(["2 message(s) left on training-jobs"], Violations(state, "queues-drained"));
    }

    [Fact]
    public void Check_JobNobodySubmitted_FailsExpectedOutcome()
    {
        var state = GoodState.Create();
        state = state with { Jobs = [.. state.Jobs, new("ghost", "ready", null, ["ghost"], 2, 2)] };

        Assert.Equal(["ghost exists but nobody submitted it"], Violations(state, "expected-outcome"));
    }

    private static IReadOnlyList<string> Violations(ChaosState state, string invariant) =>
        InvariantChecker.Check(state).Single(r => r.Name == invariant).Violations;
}
