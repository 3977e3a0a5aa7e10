using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Errors;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Tests;

[Collection(LibTorchTests.Name)]
public sealed class PipelineBehaviourTests : IDisposable
{
    private static readonly TrainingOptions Quick = new()
    {
        Members = 2,
        MemberEpochs = 2,
        KdEpochs = 1,
        HydraPhase1Epochs = 1,
        HydraPhase2Epochs = 1,
        Device = "cpu",
    };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "hydra-pipeline-" + Guid.NewGuid().ToString("N"));
    private readonly DatasetBundle _bundle = DatasetCatalog.Load("spirals", new DataOptions
    {
        TrainLimit = 600,
        TestLimit = 200
    });

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task TrainAsync_SameSeedsTwice_WritesByteIdenticalWeights()
    {
        await TrainAsync("a");
        await TrainAsync("b");

        foreach (var folder in new[] { "members/0", "members/1", "kd", "hydra" })
        {
            var a = await File.ReadAllBytesAsync(Path.Combine(_root, "a", folder, "model.safetensors"));
            var b = await File.ReadAllBytesAsync(Path.Combine(_root, "b", folder, "model.safetensors"));
            Assert.True(a.AsSpan().SequenceEqual(b), $"{folder} differs between two runs with the same seeds");
        }
    }

    [Fact]
    public async Task TrainAsync_PooledHydraPlus_IsReproducibleAndChangesOnlyHydraPlus()
    {
        // Quick trains Hydra+ with the per-batch recipe; the pooled one labels 300 rows once, then again each epoch.
        var pooled = Quick with
        {
            HydraPhase2Epochs = 2,
            OffManifold = new OffManifoldOptions(PoolSize: 300, PoolRefreshEpochs: 1, PoolShare: 1),
        };
        await TrainAsync("pool-a", pooled);
        await TrainAsync("pool-b", pooled);
        await TrainAsync("batch", Quick with { HydraPhase2Epochs = 2 });

        byte[] Weights(string run, string folder) =>
            File.ReadAllBytes(Path.Combine(_root, run, folder, "model.safetensors"));
        Assert.Equal(Weights("pool-a", "hydra-plus"), Weights("pool-b", "hydra-plus"));
        Assert.NotEqual(Weights("pool-a", "hydra-plus"), Weights("batch", "hydra-plus"));
        foreach (var folder in new[] { "members/0", "members/1", "kd", "hydra" })
        {
            Assert.Equal(Weights("pool-a", folder), Weights("batch", folder));
        }
    }

    [Fact]
    public async Task TrainAsync_FeatureMix_IsReproducibleChangesOnlyHydraPlusAndIsOnItsCard()
    {
        var pooled = Quick with
        {
            HydraPhase2Epochs = 2,
            OffManifold = new OffManifoldOptions(PoolSize: 300, PoolRefreshEpochs: 1, PoolShare: 1),
        };
        var mixed = pooled with
        {
            OffManifold = pooled.OffManifold with { FeatureMixShare = 0.5, FeatureMixSpread = 0.5 },
        };
        await TrainAsync("mix-a", mixed);
        await TrainAsync("mix-b", mixed);
        await TrainAsync("pool", pooled);

        byte[] Weights(string run, string folder) =>
            File.ReadAllBytes(Path.Combine(_root, run, folder, "model.safetensors"));
        Assert.Equal(Weights("mix-a", "hydra-plus"), Weights("mix-b", "hydra-plus"));
        Assert.NotEqual(Weights("mix-a", "hydra-plus"), Weights("pool", "hydra-plus"));
        foreach (var folder in new[] { "members/0", "members/1", "kd", "hydra" })
        {
            Assert.Equal(Weights("mix-a", folder), Weights("pool", folder));
        }

        var card = ModelCard.FromJson(File.ReadAllText(Path.Combine(_root, "mix-a", "hydra-plus", "model.json")));
        Assert.EndsWith("feature_mix=0.5, feature_mix_spread=0.5", card.Training["off_manifold"],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_HydraPlusFromHydra_StartsFromTheTrainedHydraWithoutAPhaseOne()
    {
        var pool = new OffManifoldOptions(PoolSize: 300, PoolRefreshEpochs: 1, PoolShare: 1);
        // No phase-2 epochs: Hydra+ is then the trained Hydra itself, weight for weight.
        await TrainAsync("start", Quick with
        {
            HydraPlusFromHydra = true,
            HydraPlusPhase2Epochs = 0,
            OffManifold = pool,
        });
        await TrainAsync("tuned", Quick with
        {
            HydraPlusFromHydra = true,
            HydraPlusPhase2Epochs = 2,
            OffManifold = pool,
        });

        Checkpoint Read(string run, string folder) => new CheckpointStore(new FolderArtifactStore(
            Path.Combine(_root, run))).ReadAsync(folder, CancellationToken.None).GetAwaiter().GetResult();
        var hydra = Read("start", "hydra");
        var start = Read("start", "hydra-plus");
        Assert.Equal(hydra.Tensors.Keys.Order(StringComparer.Ordinal),
            start.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.All(hydra.Tensors, pair => Assert.Equal(pair.Value.Data, start.Tensors[pair.Key].Data));

        var tuned = Read("tuned", "hydra-plus");
        Assert.Equal(["hydra+ phase 2"], tuned.Card.Phases.Select(p => p.Name));
        Assert.Equal("hydra", tuned.Card.Training["start"]);
        Assert.False(hydra.Card.Training.ContainsKey("start"));
        Assert.Equal(2, tuned.Card.Phases[0].Epochs);
        Assert.Contains(tuned.Tensors, pair => !pair.Value.Data.SequenceEqual(hydra.Tensors[pair.Key].Data));
    }

    [Fact]
    public async Task TrainAsync_HydraPlusFromHydra_IsTheSameWhetherHydraWasTrainedOrResumed()
    {
        var options = Quick with
        {
            HydraPlusFromHydra = true,
            HydraPlusPhase2Epochs = 1,
            OffManifold = new OffManifoldOptions(PoolSize: 300, PoolRefreshEpochs: 1, PoolShare: 1),
        };
        await TrainAsync("trained", options);
        foreach (var folder in new[] { "members", "kd", "hydra" })
        {
            CopyFolder(Path.Combine(_root, "trained", folder), Path.Combine(_root, "resumed", folder));
        }

        await TrainAsync("resumed", options);

        byte[] Weights(string run) => File.ReadAllBytes(Path.Combine(_root, run, "hydra-plus", "model.safetensors"));
        Assert.Equal(Weights("trained"), Weights("resumed"));
    }

    [Fact]
    public async Task TrainAsync_DifferentFirstSeed_GivesDifferentMembers()
    {
        await TrainAsync("a");
        await TrainAsync("b", Quick with { FirstSeed = 7 });

        var a = await File.ReadAllBytesAsync(Path.Combine(_root, "a", "members/0", "model.safetensors"));
        var b = await File.ReadAllBytesAsync(Path.Combine(_root, "b", "members/0", "model.safetensors"));
        Assert.False(a.AsSpan().SequenceEqual(b));
    }

    [Fact]
    public async Task TrainAsync_CancelledToken_StopsAndWritesNoCard()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TrainAsync("c",
            cancellationToken: cancelled.Token));

        Assert.False(File.Exists(Path.Combine(_root, "c", "members/0", "model.json")));
    }

    [Fact]
    public async Task TrainAsync_HeadWidthNotMatchingTheClasses_IsRejectedBeforeTraining()
    {
        var spec = ArchitecturePresets.ToyMlp(2, 4);

        var error = await Assert.ThrowsAsync<ArchitectureValidationException>(() => TrainAsync("d", spec: spec));

        Assert.Contains("4 values", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "d")));
    }

    [Fact]
    public async Task TrainAsync_RegressionHeadNotTwoWide_IsRejectedBeforeTraining()
    {
        var bundle = DatasetCatalog.Load("toy-regression", new DataOptions());
        var pipeline = new HydraPipeline(Quick, new CheckpointStore(new FolderArtifactStore(Path.Combine(_root, "r"))));

        var error = await Assert.ThrowsAsync<ArchitectureValidationException>(
            () => pipeline.TrainAsync(bundle, ArchitecturePresets.ToyMlp(1, 3), CancellationToken.None));

        Assert.Contains("(mean, raw variance)", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "r")));
    }

    [Fact]
    public async Task TrainAsync_FolderHoldingAnotherRun_RefusesToMixThem()
    {
        await TrainAsync("e");

        var error = await Assert.ThrowsAsync<CheckpointException>(() => TrainAsync("e", Quick with { FirstSeed = 3 }));

        Assert.Contains("different model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_RegressionWithAnOffManifoldTemperature_IsRefusedBeforeAnythingTrains()
    {
        var bundle = DatasetCatalog.Load(DatasetCatalog.ToyRegressionName, new DataOptions { TrainLimit = 100 });
        var options = Quick with { OffManifold = new OffManifoldOptions(Temperature: 1) };
        var pipeline = new HydraPipeline(options, new CheckpointStore(new FolderArtifactStore(Path.Combine(_root,
            "regression"))));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            pipeline.TrainAsync(bundle, ArchitecturePresets.RegressionMlp(1), CancellationToken.None));

        Assert.Equal("Hydra+'s off-manifold temperature applies to classification only: regression's Gaussian KL "
            + "has no temperature.", error.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "regression", "members")), "a member was written");
    }

    [Fact]
    public async Task TrainAsync_StudentsWithAnArchitectureOfTheirOwn_TrainEachModelWithItsOwnAndResume()
    {
        var members = ArchitecturePresets.ToyMlp(2, 3);
        // The members' body (F-64-64) with heads 64-128-3 instead of 64-32-3.
        var students = new ArchitectureSpec("toy-mlp-wide-heads", [2], members.Body,
            [new LinearLayer(64, 128), new ReluLayer(), new LinearLayer(128, 3)]);
        var folder = Path.Combine(_root, "wide");
        var pipeline = new HydraPipeline(Quick, new CheckpointStore(new FolderArtifactStore(folder)));

        using (var models = await pipeline.TrainAsync(_bundle, members, students, CancellationToken.None))
        {
            var report = Evaluator.Evaluate(models);

            Assert.Equal("toy-mlp-wide-heads", report.Architecture);
            Assert.Equal("toy-mlp", report.MemberArchitecture);
            // Parameters: member 2·64+64 + 64·64+64 + 64·32+32 + 32·3+3 = 6,531; students' body 192+4,160 = 4,352,
            // head 64·128+128 + 128·3+3 = 8,707. MACs per row: member 128+4,096+2,048+96 = 6,368; KD
            // 4,224+8,576 = 12,800; Hydra 4,224 + 2·8,576 = 21,376.
            Assert.Equal((6_531, 2 * 6_531, 4_352 + 8_707, 4_352 + (2 * 8_707)), (report.Cost.ParamsMember,
                report.Cost.ParamsEnsemble, report.Cost.ParamsKd, report.Cost.ParamsHydra));
            Assert.Equal((6_368, 2 * 6_368, 12_800, 21_376), (report.Cost.MacsMember, report.Cost.MacsEnsemble,
                report.Cost.KdMacs, report.Cost.MacsHydra));
        }

        string ArchitectureOf(string model) => ModelCard.FromJson(File.ReadAllText(Path.Combine(folder, model,
            "model.json"))).Architecture.Name;
        Assert.Equal(["toy-mlp", "toy-mlp", "toy-mlp-wide-heads", "toy-mlp-wide-heads", "toy-mlp-wide-heads"],
            new[] { "members/0", "members/1", "kd", "hydra", "hydra-plus" }.Select(ArchitectureOf));

        using var resumed = await pipeline.TrainAsync(_bundle, members, students, CancellationToken.None);
        Assert.All(resumed.Phases, p => Assert.True(p.Resumed, $"{p.Phase} was retrained"));
    }

    [Fact]
    public async Task TrainAsync_StudentsThatDoNotFitTheData_AreRejectedBeforeAnyMemberTrains()
    {
        var pipeline = new HydraPipeline(Quick, new CheckpointStore(new FolderArtifactStore(Path.Combine(_root,
            "misfit"))));

        var error = await Assert.ThrowsAsync<ArchitectureValidationException>(() => pipeline.TrainAsync(_bundle,
            ArchitecturePresets.ToyMlp(2, 3), ArchitecturePresets.ToyMlp(2, 4), CancellationToken.None));

        Assert.Contains("4 values", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "misfit")), "something was written");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task TrainAsync(string name, TrainingOptions? options = null, ArchitectureSpec? spec = null,
        CancellationToken cancellationToken = default)
    {
        var pipeline = new HydraPipeline(options ?? Quick, new CheckpointStore(new FolderArtifactStore(Path.Combine(
            _root, name))));
        using var models = await pipeline.TrainAsync(_bundle, spec ?? ArchitecturePresets.ToyMlp(2, 3),
            cancellationToken);
    }
}
