using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Reports;
using Hydra.Core.Storage;
using Hydra.Training.Evaluation;
using Hydra.Training.Pipeline;

namespace Hydra.Training.Tests;

/// <summary>One short ensemble → KD → Hydra run on the spirals, shared by the tests that read its results.</summary>
public sealed class SpiralsRunFixture : IAsyncLifetime
{
    public static readonly TrainingOptions Options = new()
    {
        Members = 3,
        MemberEpochs = 30,
        KdEpochs = 20,
        HydraPhase1Epochs = 10,
        HydraPhase2Epochs = 30,
        Device = "cpu",
    };

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "hydra-spirals-" + Guid.NewGuid().ToString("N"));

    public DatasetBundle Bundle { get; } = DatasetCatalog.Load("spirals", new DataOptions());

    public ArchitectureSpec Spec { get; } = ArchitecturePresets.ToyMlp(2, 3);

    public RunReport Report { get; private set; } = null!;

    public TrainedModels Models { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var pipeline = new HydraPipeline(Options, new CheckpointStore(new FolderArtifactStore(Folder)));
        Models = await pipeline.TrainAsync(Bundle, Spec, CancellationToken.None);
        Report = Evaluator.Evaluate(Models);
    }

    public Task DisposeAsync()
    {
        Models.Dispose();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
