using System.Text;
using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Core.Safetensors;
using Hydra.Core.Storage;

namespace Hydra.Core.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private static readonly ArchitectureSpec Spec = new("tiny", [2], [new LinearLayer(2, 3), new ReluLayer()],
        [new LinearLayer(3, 2)]);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hydra-ckpt-" + Guid.NewGuid().ToString("N"));
    private readonly CheckpointStore _store;

    public CheckpointStoreTests() => _store = new CheckpointStore(new FolderArtifactStore(_root));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_ThenReadAsync_ReturnsTheSameTensorsAndTheWeightsHash()
    {
        var tensors = Tensors(heads: 2);

        var written = await _store.WriteAsync("hydra", Card(heads: 2), tensors, CancellationToken.None);
        var read = await _store.ReadAsync("hydra", CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_root, "hydra", "model.safetensors"));
        Assert.Equal(CheckpointStore.Sha256(bytes), written.Weights.Sha256);
        Assert.Equal(64, written.Weights.Sha256.Length);
        Assert.Equal(written.ToJson(), read.Card.ToJson());
        foreach (var tensor in tensors)
        {
            Assert.Equal(tensor.ToFloats(), read.Tensors[tensor.Name].ToFloats());
        }
    }

    [Fact]
    public async Task WriteAsync_WithCalibrationRows_StoresThemBeforeTheCardAndReadsThemBack()
    {
        float[] values = [.. Enumerable.Range(0, 10).Select(i => i * 0.5f)];
        var rows = new Hydra.Core.Calibration.CalibrationInputs(values, 5, [2]);

        var written = await _store.WriteAsync("hydra", Card(heads: 2), Tensors(heads: 2), CancellationToken.None,
            rows);
        var read = await _store.ReadCalibrationAsync("hydra", written, CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_root, "hydra", "calibration.safetensors"));
        Assert.Equal(new CalibrationReference("calibration.safetensors", CheckpointStore.Sha256(bytes), 5,
            Hydra.Core.Calibration.CalibrationRows.Source), written.Calibration);
        Assert.Equal(values, read!.Values);
        Assert.Equal(5, read.Rows);
        Assert.Null(await _store.ReadCalibrationAsync("hydra", written with { Calibration = null },
            CancellationToken.None));
    }

    [Fact]
    public async Task ReadCalibrationAsync_RowsChangedAfterWriting_FailsOnTheHash()
    {
        var rows = new Hydra.Core.Calibration.CalibrationInputs([1f, 2f, 3f, 4f], 2, [2]);
        var written = await _store.WriteAsync("hydra", Card(heads: 2), Tensors(heads: 2), CancellationToken.None,
            rows);
        var path = Path.Combine(_root, "hydra", "calibration.safetensors");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<CheckpointException>(() => _store.ReadCalibrationAsync("hydra", written,
            CancellationToken.None));

        Assert.Contains("corrupt or replaced calibration rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedTensors_TwoHeads_NamesBodyAndEveryHeadLayer()
    {
        var names = CheckpointStore.ExpectedTensors(Card(heads: 2)).Select(t => t.Name);

        Assert.Equal(["body.0.weight", "body.0.bias", "heads.0.0.weight", "heads.0.0.bias", "heads.1.0.weight",
            "heads.1.0.bias"], names);
    }

    [Fact]
    public async Task ReadAsync_WeightsChangedAfterWriting_FailsOnTheHash()
    {
        await _store.WriteAsync("kd", Card(heads: 1), Tensors(heads: 1), CancellationToken.None);
        var path = Path.Combine(_root, "kd", "model.safetensors");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<CheckpointException>(() => _store.ReadAsync("kd", CancellationToken.None));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TensorMissing_NamesIt()
    {
        var tensors = Tensors(heads: 1).Where(t => t.Name != "heads.0.0.bias");

        await _store.WriteAsync("kd", Card(heads: 1), tensors, CancellationToken.None);
        var error = await Assert.ThrowsAsync<CheckpointException>(() => _store.ReadAsync("kd", CancellationToken.None));

        Assert.Contains("'heads.0.0.bias' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TensorMisShaped_SaysWhichShapeWasNeeded()
    {
        var tensors = Tensors(heads: 1).Select(t => t.Name == "body.0.weight" ? SafeTensor.FromFloats(t.Name, [2, 3],
            t.ToFloats()) : t);

        await _store.WriteAsync("kd", Card(heads: 1), tensors, CancellationToken.None);
        var error = await Assert.ThrowsAsync<CheckpointException>(() => _store.ReadAsync("kd", CancellationToken.None));

        Assert.Contains("'body.0.weight' has shape [2, 3] but the architecture needs [3, 2]", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NoCard_IsAnIncompleteCheckpoint()
    {
        await _store.Store.WriteAsync("members/0/model.safetensors", new byte[] { 1, 2, 3 }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CheckpointException>(() => _store.ReadAsync("members/0",
            CancellationToken.None));

        Assert.Contains("no model card", error.Message, StringComparison.Ordinal);
        Assert.False(await _store.ExistsAsync("members/0", CancellationToken.None));
    }

    [Fact]
    public async Task ReadCardAsync_CardNotJson_IsACheckpointError()
    {
        await _store.Store.WriteAsync("hydra/model.json", Encoding.UTF8.GetBytes("{ truncated"),
            CancellationToken.None);

        var error = await Assert.ThrowsAsync<CheckpointException>(() => _store.ReadCardAsync("hydra",
            CancellationToken.None));

        Assert.StartsWith("hydra/model.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadCardAsync_CardWithInvalidArchitecture_NamesTheLayer()
    {
        var card = Card(heads: 1) with
        {
            Architecture = new ArchitectureSpec("bad", [2], [new LinearLayer(5, 3)], [new LinearLayer(3, 2)]),
        };
        await _store.Store.WriteAsync("kd/model.json", Encoding.UTF8.GetBytes(card.ToJson()), CancellationToken.None);

        var error = await Assert.ThrowsAsync<CheckpointException>(() => _store.ReadCardAsync("kd",
            CancellationToken.None));

        Assert.Contains("body[0] (linear)", error.Message, StringComparison.Ordinal);
    }

    private static ModelCard Card(int heads) => new()
    {
        Kind = heads == 1 ? ModelKind.Kd : ModelKind.Hydra,
        Task = ModelTask.Classification,
        Dataset = "toy",
        Architecture = Spec,
        Heads = heads,
        Classes = ["a", "b"],
        Input = new InputSpec([2], new Normalization(0.5f, 2f)),
        Seeds = [0, 1],
        Temperature = 2,
        Created = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero),
        Weights = new WeightsReference(ModelCard.WeightsFileName, ""),
        ParityProbe = new ParityProbe([[1f, 2f]], [[[0.25f, 0.75f]]]),
    };

    private static List<SafeTensor> Tensors(int heads)
    {
        var values = 0f;
        float[] Next(int n) => [.. Enumerable.Range(0, n).Select(_ => values += 0.5f)];
        var tensors = new List<SafeTensor> { SafeTensor.FromFloats("body.0.weight", [3, 2], Next(6)),
            SafeTensor.FromFloats("body.0.bias", [3], Next(3)) };
        for (var k = 0; k < heads; k++)
        {
            tensors.Add(SafeTensor.FromFloats($"heads.{k}.0.weight", [2, 3], Next(6)));
            tensors.Add(SafeTensor.FromFloats($"heads.{k}.0.bias", [2], Next(2)));
        }

        return tensors;
    }
}
