using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Tests;

/// <summary>
/// One short ensemble → KD → Hydra → Hydra+ run on the toy cubic regression, shared by the tests that read it.
/// </summary>
public sealed class RegressionRunFixture : IAsyncLifetime
{
    public static readonly TrainingOptions Options = new()
    {
        Members = 3,
        MemberEpochs = 60,
        KdEpochs = 30,
        HydraPhase1Epochs = 20,
        HydraPhase2Epochs = 60,
        Device = "cpu",
    };

    public string Folder { get; } = Path.Combine(Path.GetTempPath(),
        "hydra-regression-" + Guid.NewGuid().ToString("N"));

    public DatasetBundle Bundle { get; } = DatasetCatalog.Load(DatasetCatalog.ToyRegressionName, new DataOptions());

    public ArchitectureSpec Spec { get; } = ArchitecturePresets.RegressionMlp(1);

    public EvaluationResult Result { get; private set; } = null!;

    public TrainedModels Models { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var pipeline = new HydraPipeline(Options, new CheckpointStore(new FolderArtifactStore(Folder)));
        Models = await pipeline.TrainAsync(Bundle, Spec, CancellationToken.None);
        Result = Evaluator.EvaluateWithDetail(Models);
    }

    public Task DisposeAsync()
    {
        Models.Dispose();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
