using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Reports;
using Hydra.Core.Storage;
using Hydra.Onnx.Teachers;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;

namespace Hydra.Onnx.Tests.Teachers;

/// <summary>
/// A short <c>hydra run</c> on the spirals, with a value and per-feature normalisation added so that the teachers'
/// in-graph preprocessing and the trainer's mapping back to raw rows are both exercised; its members exported as
/// ONNX teacher files.
/// </summary>
public sealed class OwnMembersRun : IAsyncLifetime
{
    public static readonly TrainingOptions Options = new()
    {
        Members = 3,
        MemberEpochs = 6,
        KdEpochs = 3,
        HydraPhase1Epochs = 2,
        HydraPhase2Epochs = 4,
        Device = "cpu",
    };

    private readonly TempDirectory _temp = new("hydra-own-members-");

    public DatasetBundle Bundle { get; } = Normalised(DatasetCatalog.Load("spirals",
        new DataOptions { TrainLimit = 600, TestLimit = 200 }));

    public ArchitectureSpec Spec { get; } = ArchitecturePresets.ToyMlp(2, 3);

    public string RunFolder => _temp.File("run");

    public string TeacherFolder => _temp.File("teachers");

    public RunReport Report { get; private set; } = null!;

    public TrainedModels Models { get; private set; } = null!;

    public IReadOnlyList<string> TeacherFiles { get; private set; } = [];

    /// <summary>A new folder for one test's distillation.</summary>
    public string NewFolder() => _temp.File(Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var store = new CheckpointStore(new FolderArtifactStore(RunFolder));
        Models = await new HydraPipeline(Options, store).TrainAsync(Bundle, Spec, CancellationToken.None);
        Report = Evaluator.Evaluate(Models);
        var files = new List<string>();
        for (var m = 0; m < Options.Members; m++)
        {
            var name = $"member-{m}.onnx";
            await TeacherExporter.ExportAsync(store, CheckpointPaths.Folder("", ModelKind.Member, m),
                new FolderArtifactStore(TeacherFolder), name, CancellationToken.None);
            files.Add(Path.Combine(TeacherFolder, name));
        }

        TeacherFiles = files;
    }

    public Task DisposeAsync()
    {
        Models.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    private static DatasetBundle Normalised(DatasetBundle bundle) => bundle with
    {
        Normalization = new Normalization(0.25f, 1.5f),
        FeatureNormalization = new FeatureNormalization([0.1f, -0.2f], [0.9f, 1.3f]),
    };
}
