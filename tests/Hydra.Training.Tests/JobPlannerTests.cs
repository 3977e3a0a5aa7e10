using Hydra.Core.Architecture;
using Hydra.Core.Data;
using Hydra.Core.Jobs;
using Hydra.Core.Models;
using Hydra.Training.Pipeline;
using Hydra.Training.Planning;

namespace Hydra.Training.Tests;

public class JobPlannerTests
{
    private static readonly DateTimeOffset Accepted = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData("mlp", 10, 10, 5, 10)]
    [InlineData("cnn", 5, 5, 3, 5)]
    [InlineData("resnet20", 10, 10, 5, 10)]
    public void Epochs_FashionMnist_FollowsTheReferenceProtocolPerArchitecture(string architecture, int member, int kd,
        int phase1, int phase2)
    {
        var bundle = Bundle(DatasetCatalog.FashionMnistName, ModelTask.Classification);

        var options = RunDefaults.Epochs(bundle, architecture);

        Assert.Equal((member, kd, phase1, phase2), Epochs(options));
        Assert.Equal("mlp", RunDefaults.Architecture(bundle));
    }

    [Fact]
    public void Defaults_AUsersImages_TrainLikeFashionMnist()
    {
        var images = new Dataset("pets", new float[2 * 3 * 8 * 8], [3, 8, 8], labels: [0, 1]);
        var bundle = new DatasetBundle("pets", images, images, new Dictionary<string, Dataset>(),
            Normalization.Identity);

        var options = RunDefaults.Epochs(bundle, "mlp");

        Assert.Equal("mlp", RunDefaults.Architecture(bundle));
        Assert.Equal((10, 10, 5, 10), Epochs(options));
    }

    [Theory]
    [InlineData(DatasetCatalog.ToyRegressionName, 150, 75)]
    [InlineData("boston", 40, 20)]
    [InlineData("my-file.csv", 40, 20)]
    public void Epochs_Regression_ToyDataLongerThanTabularHalfAsLongForPhase1(string name, int epochs, int phase1)
    {
        var bundle = Bundle(name, ModelTask.Regression);

        var options = RunDefaults.Epochs(bundle, "regression-mlp");

        Assert.Equal((epochs, epochs, phase1, epochs), Epochs(options));
        Assert.Equal("regression-mlp", RunDefaults.Architecture(bundle));
    }

    [Fact]
    public void Plan_SpiralsWithNothingNamed_UsesTheToyMlpAndTheToyEpochs()
    {
        var spec = Spec(new TrainingJobRequest { Dataset = "spirals", Members = 3, TrainLimit = 30, TestLimit = 10 });

        var plan = JobPlanner.Plan(spec, "cpu", threads: 2);

        Assert.Equal(ArchitecturePresets.ToyMlp(2, 3).ToJson(), plan.Architecture.ToJson());
        Assert.Equal((40, 40, 20, 40), Epochs(plan.Options));
        var options = plan.Options;
        Assert.Equal((3, 0, "cpu", 2), (options.Members, options.FirstSeed, options.Device, options.Threads));
        Assert.Equal((30, 10), (plan.Bundle.Train.Count, plan.Bundle.Test.Count));
        Assert.Equal(new TrainingOptions().LearningRate, options.LearningRate);
    }

    [Fact]
    public void Plan_ToyRegression_UsesAGaussianHeadAndTheToyRegressionEpochs()
    {
        var request = new TrainingJobRequest
        {
            Dataset = "toy-regression",
            Members = 2,
            TrainLimit = 20,
            TestLimit = 5,
        };
        var spec = Spec(request);

        var plan = JobPlanner.Plan(spec, "auto", threads: 0);

        Assert.Equal(ModelTask.Regression, plan.Bundle.Task);
        Assert.Equal("regression-mlp", plan.Architecture.Name);
        Assert.Equal(2, plan.Architecture.Validate().HeadOutput);
        Assert.Equal((150, 150, 75, 150), Epochs(plan.Options));
    }

    [Fact]
    public void Plan_RequestNamingEverything_OverridesEveryDefault()
    {
        var request = new TrainingJobRequest
        {
            Dataset = "spirals",
            Architecture = "mlp",
            Members = 4,
            MemberEpochs = 7,
            KdEpochs = 6,
            HydraPhase1Epochs = 2,
            HydraPhase2Epochs = 9,
            HydraPlus = false,
            Seed = 11,
            TrainLimit = 30,
            TestLimit = 10,
            LearningRate = 0.01,
            BatchSize = 32,
            Temperature = 4,
        };

        var plan = JobPlanner.Plan(Spec(request), "cpu", threads: 1);

        var options = plan.Options;
        Assert.Equal("mlp", plan.Architecture.Name);
        Assert.Equal((7, 6, 2, 9), Epochs(options));
        Assert.Equal((4, false, 11), (options.Members, options.HydraPlus, options.FirstSeed));
        Assert.Equal((0.01, 32, 4.0), (options.LearningRate, options.BatchSize, options.Temperature));
    }

    [Fact]
    public void Plan_PooledRecipe_SetsAPoolOfTheTrainingRowsAndAPhaseTwoFromHydraOfSixTenthsOfHydras()
    {
        var request = new TrainingJobRequest
        {
            Dataset = "spirals",
            Members = 3,
            TrainLimit = 30,
            TestLimit = 10,
            HydraPhase2Epochs = 15,
            HydraPlusRecipe = "pooled",
        };

        var options = JobPlanner.Plan(Spec(request), "cpu", threads: 1).Options;
        var plain = JobPlanner.Plan(Spec(request with { HydraPlusRecipe = null }), "cpu", threads: 1).Options;

        // 0.6 × 15 = 9 epochs; the pool holds the 30 training rows, made once, 1.5 per real row, half shuffled.
        Assert.Equal((9, true), (options.PlusPhase2Epochs, options.HydraPlusFromHydra));
        Assert.Equal((30, 9, 1.5, 0.5), (options.OffManifold.PoolSize, options.OffManifold.PoolRefreshEpochs,
            options.OffManifold.PoolShare, options.OffManifold.ShuffleFraction));
        Assert.Equal((15, false, 0), (plain.PlusPhase2Epochs, plain.HydraPlusFromHydra, plain.OffManifold.PoolSize));
        var expected = plain with
        {
            HydraPlusPhase2Epochs = 9,
            HydraPlusFromHydra = true,
            OffManifold = options.OffManifold,
        };
        Assert.Equal(expected, options);
    }

    [Fact]
    public void Plan_RequestWithAnArchitectureSpec_UsesItAsGiven()
    {
        var custom = ArchitecturePresets.ToyMlp(2, 3) with { Name = "custom" };
        var request = new TrainingJobRequest
        {
            Dataset = "spirals",
            ArchitectureSpec = custom,
            TrainLimit = 30,
            TestLimit = 10,
        };
        var spec = Spec(request);

        var plan = JobPlanner.Plan(spec, "cpu", threads: 0);

        Assert.Same(custom, plan.Architecture);
        Assert.Equal((40, 40, 20, 40), Epochs(plan.Options));
    }

    [Fact]
    public void Plan_StudentArchitecture_TrainsTheStudentsWithItAndTheMembersWithTheirs()
    {
        var wide = ArchitecturePresets.ToyMlp(2, 3) with { Name = "wide" };
        var request = new TrainingJobRequest { Dataset = "spirals", TrainLimit = 30, TestLimit = 10 };

        var plain = JobPlanner.Plan(Spec(request), "cpu", threads: 0);
        var preset = JobPlanner.Plan(Spec(request with { StudentArchitecture = "toy-mlp" }), "cpu", threads: 0);
        var spec = JobPlanner.Plan(Spec(request with { StudentArchitectureSpec = wide }), "cpu", threads: 0);

        Assert.Same(plain.Architecture, plain.Students);
        Assert.Equal("toy-mlp", preset.Students.Name);
        Assert.Same(wide, spec.Students);
        Assert.Equal("toy-mlp", spec.Architecture.Name);
    }

    [Fact]
    public void Plan_StudentHeadWidth_WidensTheMembersHeadsOrTheStudentArchitecture()
    {
        var request = new TrainingJobRequest { Dataset = "spirals", TrainLimit = 30, TestLimit = 10 };
        var wide = ArchitecturePresets.ToyMlp(2, 3) with { Name = "wide" };

        var members = JobPlanner.Plan(Spec(request with { StudentHeadWidth = 128 }), "cpu", threads: 0);
        var students = JobPlanner.Plan(Spec(request with { StudentHeadWidth = 16, StudentArchitectureSpec = wide }),
            "cpu", threads: 0);

        Assert.Equal(("toy-mlp", "toy-mlp-head128"), (members.Architecture.Name, members.Students.Name));
        Assert.Equal<LayerSpec>([new LinearLayer(64, 128), new ReluLayer(), new LinearLayer(128, 3)],
            members.Students.Head);
        Assert.Equal("wide-head16", students.Students.Name);
    }

    [Fact]
    public void Plan_StudentArchitectureThatDoesNotFitTheData_FailsTheJobAtPlanning()
    {
        // Four outputs for spirals' three classes: refused when the job is planned, before any member trains.
        var request = new TrainingJobRequest
        {
            Dataset = "spirals",
            StudentArchitectureSpec = ArchitecturePresets.ToyMlp(2, 4),
            TrainLimit = 30,
            TestLimit = 10,
        };

        var error = Assert.Throws<ArchitectureValidationException>(() => JobPlanner.Plan(Spec(request), "cpu", 0));

        Assert.Contains("4 values", error.Message, StringComparison.Ordinal);
    }

    private static TrainingJobSpec Spec(TrainingJobRequest request) => new("job-1", request, Accepted);

    private static (int Member, int Kd, int Phase1, int Phase2) Epochs(TrainingOptions options) =>
        (options.MemberEpochs, options.KdEpochs, options.HydraPhase1Epochs, options.HydraPhase2Epochs);

    private static DatasetBundle Bundle(string name, ModelTask task)
    {
        var data = new Dataset(name, [0f, 1f], [1], labels: task == ModelTask.Classification ? [0, 1] : null,
            targets: task == ModelTask.Regression ? [0f, 1f] : null);
        var ood = new Dictionary<string, Dataset>();
        return new DatasetBundle(name, data, data, ood, Normalization.Identity) { Task = task };
    }
}
