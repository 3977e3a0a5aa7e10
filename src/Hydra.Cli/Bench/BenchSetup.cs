using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Serving.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Cli.Bench;

/// <summary>
/// What every bench step reads: the run's Hydra checkpoint, the measuring settings, the rows scored and the temporary
/// folder the models are exported to (deleted on dispose).
/// </summary>
internal sealed class BenchSetup : IDisposable
{
    public static readonly int[] BatchSizes = [1, 32, 256];

    private BenchSetup(string run, CheckpointStore checkpoints, Checkpoint hydra, int threads, TimeSpan budget)
    {
        Run = run;
        Checkpoints = checkpoints;
        Hydra = hydra;
        Threads = threads;
        Budget = budget;
        Macs = MacCounts.Of(hydra.Card.Architecture, Members);
        Inputs = RandomRows(RowSize, BatchSizes.Max());
        Sessions = new OnnxSessionSettings
        {
            OptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpThreads = threads,
            InterOpThreads = 1,
        };
    }

    public string Run { get; }

    public CheckpointStore Checkpoints { get; }

    /// <summary>The run's Hydra checkpoint: its card describes the input, the heads and the task.</summary>
    public Checkpoint Hydra { get; }

    public int Threads { get; }

    /// <summary>Time spent on each measurement.</summary>
    public TimeSpan Budget { get; }

    public MacCounts Macs { get; }

    /// <summary>The largest batch of random rows in [-1, 1); smaller batches are its prefixes.</summary>
    public float[] Inputs { get; }

    /// <summary>How every measured ONNX Runtime session is created.</summary>
    public OnnxSessionSettings Sessions { get; }

    public string ModelsFolder { get; } =
        Path.Combine(Path.GetTempPath(), "hydra-bench-" + Guid.NewGuid().ToString("N"));

    public ModelCard Card => Hydra.Card;

    public int Members => Card.Heads;

    public bool Regression => Card.Task == ModelTask.Regression;

    public int Classes => Card.Classes?.Count ?? 0;

    public int[] RowShape => Card.Input.Shape;

    public int RowSize => RowShape.Aggregate(1, (a, b) => a * b);

    public static async Task<BenchSetup> LoadAsync(
        string run, int threads, TimeSpan budget, CancellationToken cancellationToken)
    {
        var checkpoints = new CheckpointStore(new FolderArtifactStore(run));
        var hydra = await checkpoints.ReadAsync(CheckpointPaths.Folder("", ModelKind.Hydra), cancellationToken);
        return new BenchSetup(run, checkpoints, hydra, threads, budget);
    }

    /// <summary>The exported graph of a model ("hydra", "ensemble", "kd", "member-0", …).</summary>
    public string ModelPath(string name) => Path.Combine(ModelsFolder, name, "model.onnx");

    public static float[] RandomRows(int rowSize, int rows)
    {
        var random = new Random(123);
        var values = new float[rowSize * rows];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    public void Dispose()
    {
        if (Directory.Exists(ModelsFolder))
        {
            Directory.Delete(ModelsFolder, recursive: true);
        }
    }
}
