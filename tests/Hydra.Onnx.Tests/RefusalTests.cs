using System.Text;
using System.Text.Json.Nodes;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Graph;

namespace Hydra.Onnx.Tests;

/// <summary>Every way an export can be refused: a typed error that names the problem, and nothing written.</summary>
public sealed class RefusalTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FolderArtifactStore _store;

    public RefusalTests() => _store = new FolderArtifactStore(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Export_CorruptWeights_RefusesOnTheHash()
    {
        await WriteCheckpointAsync();
        var weights = await _store.ReadAsync("ckpt/model.safetensors", CancellationToken.None);
        weights[^3] ^= 0x40;
        await _store.WriteAsync("ckpt/model.safetensors", weights, CancellationToken.None);

        await AssertRefusedAsync("SHA-256");
    }

    [Fact]
    public async Task Export_TruncatedSafetensors_RefusesOnTheFormat()
    {
        await WriteCheckpointAsync();
        var weights = await _store.ReadAsync("ckpt/model.safetensors", CancellationToken.None);
        var truncated = weights[..(weights.Length / 2)];
        await _store.WriteAsync("ckpt/model.safetensors", truncated, CancellationToken.None);
        await EditCardAsync(card => card["weights"]!["sha256"] = CheckpointStore.Sha256(truncated));

        await AssertRefusedAsync("truncated");
    }

    [Fact]
    public async Task Export_MissingTensor_RefusesNamingIt()
    {
        var card = TestCheckpoints.Card(TestCheckpoints.Small, 2);
        var tensors = TestCheckpoints.RandomTensors(card, 1).Where(t => t.Name != "heads.1.2.weight");
        await new CheckpointStore(_store).WriteAsync("ckpt", card, tensors, CancellationToken.None);

        await AssertRefusedAsync("'heads.1.2.weight' is missing");
    }

    [Fact]
    public async Task Export_WrongTensorShape_RefusesNamingIt()
    {
        var card = TestCheckpoints.Card(TestCheckpoints.Small, 2);
        var tensors = TestCheckpoints.RandomTensors(card, 1)
            .Select(t => t.Name == "body.4.weight" ? Hydra.Core.Safetensors.SafeTensor.FromFloats(t.Name, [27, 8],
            new float[216]) : t);
        await new CheckpointStore(_store).WriteAsync("ckpt", card, tensors, CancellationToken.None);

        await AssertRefusedAsync("'body.4.weight' has shape [27, 8]");
    }

    [Fact]
    public async Task Export_InvalidSpecInCard_RefusesNamingTheLayer()
    {
        await WriteCheckpointAsync();
        await EditCardAsync(card => card["architecture"]!["head"]![0]!["in"] = 9);

        await AssertRefusedAsync("head[0] (linear): expects 9 input features but receives 8");
    }

    [Fact]
    public async Task Export_TamperedParityProbe_RefusesWithTheMeasuredDifference()
    {
        await WriteCheckpointAsync();
        await EditCardAsync(card =>
        {
            var value = card["parity_probe"]!["head_outputs"]![1]![0]![2]!;
            card["parity_probe"]!["head_outputs"]![1]![0]![2] = value.GetValue<float>() + 0.01f;
        });

        var ex = await AssertRefusedAsync("Parity check failed");

        Assert.Matches(@"up to 0\.01\b|up to 0\.00999", ex.Message);
    }

    [Fact]
    public async Task Export_RegressionCardWithAWideHead_RefusesNamingTheGaussianHeadWidth()
    {
        await WriteCheckpointAsync();
        await EditCardAsync(card => card["task"] = "regression");

        await AssertRefusedAsync("a regression head outputs 2 values (mean, raw variance), this one 4");
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("has space")]
    public async Task Export_UnusableModelId_IsAnArgumentErrorBeforeAnyWork(string modelId)
    {
        await WriteCheckpointAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new OnnxExporter().ExportAsync(
            new CheckpointStore(_store), "ckpt", _store, "models/m", new OnnxExportOptions { ModelId = modelId },
                CancellationToken.None));

        Assert.Contains("letters, digits", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Files("models"));
    }

    [Fact]
    public async Task Export_MissingCheckpoint_RefusesNamingTheFolder()
    {
        await AssertRefusedAsync("ckpt/model.json");
    }

    [Fact]
    public async Task ExportEnsemble_MembersWithDifferentArchitectures_Refuses()
    {
        await TestCheckpoints.WriteAsync(_store, "run/members/0", TestCheckpoints.Small, 1, kind: ModelKind.Member);
        var other = TestCheckpoints.Small with { Head = [new LinearLayer(8, 4)] };
        await TestCheckpoints.WriteAsync(_store, "run/members/1", other, 1, kind: ModelKind.Member);

        var ex = await Assert.ThrowsAsync<OnnxExportException>(() => new OnnxExporter().ExportEnsembleAsync(
            new CheckpointStore(_store), "run", _store, "models/m", new OnnxExportOptions { ModelId = "m" },
                CancellationToken.None));

        Assert.Contains("run/members/1", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Files("models"));
    }

    [Fact]
    public async Task ExportEnsemble_NoMembers_Refuses()
    {
        var ex = await Assert.ThrowsAsync<OnnxExportException>(() => new OnnxExporter().ExportEnsembleAsync(
            new CheckpointStore(_store), "run", _store, "models/m", new OnnxExportOptions { ModelId = "m" },
                CancellationToken.None));

        Assert.Contains("No ensemble members", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnsupportedLayerType_RefusesNamingTheLayer()
    {
        var spec = TestCheckpoints.Small with { Body = [.. TestCheckpoints.Small.Body, new SquareLayer()] };
        var network = new NetworkSource("", spec, 1, new Dictionary<string, Hydra.Core.Safetensors.SafeTensor>());
        var description = new ModelDescription("m", "hydra", ModelTask.Classification, 1, ["a", "b", "c", "d"],
            new InputSpec([1, 6, 6], Hydra.Core.Data.Normalization.Identity), "sha", "1");

        var ex = Assert.Throws<OnnxExportException>(() => HydraGraph.Build([network], description, stackHeads: true));

        Assert.Contains("body[6] of type 'SquareLayer' has no ONNX export", ex.Message, StringComparison.Ordinal);
    }

    private Task<ModelCard> WriteCheckpointAsync() => TestCheckpoints.WriteAsync(
        _store, "ckpt", TestCheckpoints.Small, 3, probe: ReferenceProbe.Of);

    private async Task EditCardAsync(Action<JsonNode> edit)
    {
        var card = JsonNode.Parse(await _store.ReadAsync("ckpt/model.json", CancellationToken.None))!;
        edit(card);
        await _store.WriteAsync("ckpt/model.json", Encoding.UTF8.GetBytes(card.ToJsonString()), CancellationToken.None);
    }

    private async Task<OnnxExportException> AssertRefusedAsync(string expected)
    {
        var ex = await Assert.ThrowsAsync<OnnxExportException>(() => new OnnxExporter().ExportAsync(
            new CheckpointStore(_store), "ckpt", _store, "models/m", new OnnxExportOptions { ModelId = "m" },
                CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Empty(_temp.Files("models"));
        return ex;
    }

    /// <summary>
    /// A layer type the exporter has never heard of (what a newly added Core layer looks like to an old exporter).
    /// </summary>
    private sealed record SquareLayer : LayerSpec
    {
        public override ShapeResult InferShape(IReadOnlyList<int> input) => ShapeResult.Ok([.. input]);
    }
}
