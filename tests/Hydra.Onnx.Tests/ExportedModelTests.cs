using System.Text;
using System.Text.Json;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Graph;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Hydra.Onnx.Tests;

/// <summary>
/// What an export writes: a structurally valid graph that loads in ONNX Runtime, its metadata, the manifest.
/// </summary>
public sealed class ExportedModelTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FolderArtifactStore _store;

    public ExportedModelTests() => _store = new FolderArtifactStore(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(5, true)]
    [InlineData(5, false)]
    [InlineData(1, true)]
    public async Task Export_Graph_PassesTheStructuralChecks(int heads, bool stackHeads)
    {
        var (_, model) = await ExportAsync(heads, stackHeads);

        var problems = GraphStructure.Problems(model);

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExportEnsemble_Graph_PassesTheStructuralChecks(bool stackMembers)
    {
        for (var m = 0; m < 3; m++)
        {
            await TestCheckpoints.WriteAsync(_store, CheckpointPaths.Folder("run", ModelKind.Member, m),
                TestCheckpoints.Small, 1, seed: m, kind: ModelKind.Member);
        }

        var options = new OnnxExportOptions { ModelId = "e", StackMembers = stackMembers };
        var result = await new OnnxExporter().ExportEnsembleAsync(new CheckpointStore(_store), "run", _store,
            "models/e", options, CancellationToken.None);
        var model = await _store.ReadAsync(result.ModelPath, CancellationToken.None);
        var manifest = ModelManifest.FromJson(Encoding.UTF8.GetString(await _store.ReadAsync("models/e/manifest.json",
            CancellationToken.None)));

        Assert.Empty(GraphStructure.Problems(model));
        Assert.True(manifest.Parity.Passed);
        Assert.Null(manifest.Parity.MaxAbsDiffProbe);
        Assert.Equal(3, manifest.Source.Members!.Count);
        Assert.Equal(result.Manifest.Source.Sha256, manifest.Source.Sha256);
        // Each member has its own body (conv, linear) and head (two linears); stacking runs the three first convs as
        // one.
        var weighted = ModelProto.Parser.ParseFrom(model).Graph.Node.Count(n => n.OpType is "Gemm" or "Conv");
        Assert.Equal(stackMembers ? 1 + (3 * 3) : 3 * 4, weighted);
    }

    [Theory]
    [InlineData(GraphOptimizationLevel.ORT_DISABLE_ALL)]
    [InlineData(GraphOptimizationLevel.ORT_ENABLE_ALL)]
    public async Task Load_AnyOptimisationLevel_DeclaresTheContractInputsAndOutputs(GraphOptimizationLevel level)
    {
        var (_, model) = await ExportAsync(5);

        using var options = new SessionOptions { GraphOptimizationLevel = level };
        using var session = new InferenceSession(model, options);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(GraphNames.Input, input.Key);
        Assert.Equal([-1, 1, 6, 6], input.Value.Dimensions);
        Assert.Equal(GraphNames.BatchDimension, input.Value.SymbolicDimensions[0]);
        Assert.Equal(GraphNames.Outputs, session.OutputMetadata.Keys);
        Assert.Equal([-1, 5, 4], session.OutputMetadata[GraphNames.HeadProbabilities].Dimensions);
        Assert.Equal(typeof(long), session.OutputMetadata[GraphNames.Label].ElementType);
    }

    [Fact]
    public async Task Export_Metadata_DescribesTheModel()
    {
        var (result, model) = await ExportAsync(5);
        var card = await new CheckpointStore(_store).ReadCardAsync("ckpt", CancellationToken.None);

        using var session = new InferenceSession(model);
        var metadata = session.ModelMetadata.CustomMetadataMap;

        Assert.Equal("hydra", session.ModelMetadata.ProducerName);
        Assert.Equal("m", metadata[MetadataKeys.ModelId]);
        Assert.Equal("hydra", metadata[MetadataKeys.Kind]);
        Assert.Equal("classification", metadata[MetadataKeys.Task]);
        Assert.Equal("5", metadata[MetadataKeys.Heads]);
        Assert.Equal(card.Classes, JsonSerializer.Deserialize<string[]>(metadata[MetadataKeys.Classes]));
        Assert.Equal([1, 6, 6], JsonSerializer.Deserialize<int[]>(metadata[MetadataKeys.InputShape])!);
        Assert.Equal("""{"mean":0.25,"std":0.5}""", metadata[MetadataKeys.Normalization]);
        Assert.Equal(card.Weights.Sha256, metadata[MetadataKeys.SourceSha256]);
        Assert.Equal(result.Manifest.ExporterVersion, metadata[MetadataKeys.ExporterVersion]);
    }

    [Fact]
    public async Task Export_Manifest_RecordsSourceParityCostAndModelHash()
    {
        var (result, model) = await ExportAsync(5);
        var card = await new CheckpointStore(_store).ReadCardAsync("ckpt", CancellationToken.None);

        var json = Encoding.UTF8.GetString(await _store.ReadAsync("models/m/manifest.json", CancellationToken.None));
        var manifest = ModelManifest.FromJson(json);

        Assert.Contains("\"max_abs_diff_probe\"", json, StringComparison.Ordinal);
        Assert.Contains("\"onnx_sha256\"", json, StringComparison.Ordinal);
        Assert.Equal(CheckpointStore.Sha256(model), manifest.OnnxSha256);
        Assert.Equal(card.Weights.Sha256, manifest.Source.Sha256);
        Assert.Equal("ckpt", manifest.Source.CheckpointFolder);
        Assert.True(manifest.Parity.Passed);
        Assert.Equal(4 + 16, manifest.Parity.Rows);
        Assert.InRange(manifest.Parity.MaxAbsDiffProbe!.Value, 0, 1e-5);
        var (body, head) = TestCheckpoints.Small.MultiplyAccumulates();
        Assert.Equal(body + (5 * head), manifest.MultiplyAccumulates);
        Assert.Equal(card.Metrics, manifest.Metrics);
        Assert.Equal(card.Architecture.ToJson(), manifest.Architecture.ToJson());
        Assert.Equal(["models/m/manifest.json", "models/m/model.onnx"], await _store.ListAsync("models/m",
            CancellationToken.None));
        Assert.Equal(result.Manifest.OnnxSha256, manifest.OnnxSha256);
    }

    private async Task<(OnnxExportResult Result, byte[] Model)> ExportAsync(int heads, bool stackHeads = false)
    {
        await TestCheckpoints.WriteAsync(
            _store, "ckpt", TestCheckpoints.Small, heads, seed: 4, probe: ReferenceProbe.Of);
        var options = new OnnxExportOptions { ModelId = "m", StackHeads = stackHeads };
        var result = await new OnnxExporter().ExportAsync(new CheckpointStore(_store), "ckpt", _store, "models/m",
            options, CancellationToken.None);
        return (result, await _store.ReadAsync(result.ModelPath, CancellationToken.None));
    }
}
