using System.Text;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Data.Tabular;
using Hydra.Core.Models;
using Hydra.Core.Storage;

namespace Hydra.Onnx.Tests;

/// <summary>A model trained on a table keeps its column schema and class names through the export.</summary>
public sealed class TabularManifestTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Export_CardWithAColumnSchema_WritesItAndTheClassesIntoTheManifest()
    {
        var store = new FolderArtifactStore(_temp.Path);
        var spec = new ArchitectureSpec("tab", [3], [new LinearLayer(3, 4), new ReluLayer()], [new LinearLayer(4, 2)]);
        var schema = new TabularSchema([new FeatureColumn("x", ColumnKind.Numeric) { Fill = 1.5f },
            new FeatureColumn("clinic", ColumnKind.Categorical) { Categories = ["north", "south"] }])
        {
            Impute = ImputeStrategy.Mean,
            Ignored = ["id", "diagnosis"],
        };
        var card = TestCheckpoints.Card(spec, kind: ModelKind.Member) with
        {
            Classes = ["benign", "malignant"],
            Input = new InputSpec([3], Normalization.Identity, new FeatureNormalization([1f, 0.5f, 0.5f], [2f, 1f, 1f]))
            {
                Columns = schema,
            },
        };
        await TestCheckpoints.WriteAsync(store, "ckpt", card, TestCheckpoints.RandomTensors(card, 1));

        var result = await new OnnxExporter().ExportAsync(new CheckpointStore(store), "ckpt", store, "models/t",
            new OnnxExportOptions { ModelId = "t" }, CancellationToken.None);
        var manifest = ModelManifest.FromJson(Encoding.UTF8.GetString(
            await store.ReadAsync(result.ManifestPath, CancellationToken.None)));

        Assert.Equal(["benign", "malignant"], manifest.Classes);
        var columns = manifest.Input.Columns!;
        Assert.Equal(["x", "clinic"], columns.FeatureNames);
        Assert.Equal(["north", "south"], columns.Columns[1].Categories!);
        Assert.Equal(1.5f, columns.Columns[0].Fill);
        Assert.Equal(ImputeStrategy.Mean, columns.Impute);
        Assert.Equal(["id", "diagnosis"], columns.Ignored);
        // x missing → 1.5, then z-scored: (1.5 − 1)/2 = 0.25; clinic south → [0, 1] → (0 − 0.5)/1, (1 − 0.5)/1.
        Assert.Equal([0.25f, -0.5f, 0.5f], TabularPreprocessor.Encode(manifest.Input,
            new Dictionary<string, object?> { ["x"] = null, ["clinic"] = "south", ["id"] = "p7" }));
    }
}
