using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx;

namespace Hydra.Serving.Tests;

/// <summary>
/// A real <c>hydra serve</c> host with the default scoring bounds, on a free loopback port, over a folder holding a
/// 28×28-image Hydra (flatten, linear 784→16, relu; three heads linear 16→10) checkpointed and exported by the real
/// exporter as <c>fmnist</c>.
/// </summary>
public sealed class ExportedModelFixture : IAsyncLifetime
{
    public const string ModelName = "fmnist";
    public const int Classes = 10;
    public const float Mean = 0.2860f;
    public const float Std = 0.3530f;

    private static readonly ArchitectureSpec Spec = new("image-mlp", [1, 28, 28],
        [new FlattenLayer(), new LinearLayer(784, 16), new ReluLayer()], [new LinearLayer(16, Classes)]);

    private readonly TempDirectory _checkpoints = new();
    private StartedHost? _host;

    public HttpClient Client => _host!.Client;

    /// <summary>The exported graph, for an in-process run to compare with.</summary>
    public string OnnxPath => Path.Combine(_host!.ModelsPath, ModelName, "model.onnx");

    public async Task InitializeAsync() => _host = await StartedHost.StartAsync(ExportAsync);

    /// <summary>
    /// Deterministic image-like rows: pixel values k/255, as a real 8-bit image scaled to [0, 1] gives them.
    /// </summary>
    public static float[] Pixels(int rows, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows * 784).Select(_ => random.Next(256) / 255f)];
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _checkpoints.Dispose();
    }

    private async Task ExportAsync(string models)
    {
        var checkpoints = new FolderArtifactStore(_checkpoints.Path);
        var card = TestCheckpoints.Card(Spec, heads: 3) with
        {
            Dataset = "image",
            Input = new InputSpec([1, 28, 28], new Normalization(Mean, Std)),
        };
        await TestCheckpoints.WriteAsync(checkpoints, "hydra", card, TestCheckpoints.RandomTensors(card, seed: 7));
        await new OnnxExporter().ExportAsync(new CheckpointStore(checkpoints), "hydra",
            new FolderArtifactStore(models), ModelName, new OnnxExportOptions { ModelId = ModelName },
            CancellationToken.None);
    }
}
