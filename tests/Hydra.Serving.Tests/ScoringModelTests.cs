using System.Security.Cryptography;
using Hydra.Core.Models;
using Hydra.Serving.Scoring;

namespace Hydra.Serving.Tests;

public sealed class ScoringModelTests : IDisposable
{
    private static readonly float[][] Rows =
    [
        [0.5f, -1f, 2f, 3f],
        [4f, 1f, -2f, 0f],
        [1f, 1f, 1f, 1f],
    ];

    private readonly TempDirectory _folder = new();
    private readonly TinyClassifier _classifier = new();

    public ScoringModelTests()
    {
        _classifier.Write(_folder.Path, "tiny");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Score_HandWeightedGraph_MatchesReferenceComputation()
    {
        using var model = await LoadAsync();

        var result = model.Score(Rows);

        var heads = result.Get(GraphNames.HeadProbabilities).AsFloats();
        var probabilities = result.Get(GraphNames.Probabilities).AsFloats();
        for (var r = 0; r < Rows.Length; r++)
        {
            var expected = _classifier.Compute(Rows[r]);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected.Probabilities[c], probabilities[r * 3 + c], 5);
                for (var m = 0; m < TinyClassifier.Heads; m++)
                {
                    Assert.Equal(expected.Heads[m][c], heads[(r * TinyClassifier.Heads + m) * 3 + c], 5);
                }
            }

            Assert.Equal(expected.Label, result.Get(GraphNames.Label).AsIntegers()[r]);
            Assert.Equal(expected.Total, result.Get(GraphNames.Total).AsFloats()[r], 5);
            Assert.Equal(expected.Aleatoric, result.Get(GraphNames.Aleatoric).AsFloats()[r], 5);
            Assert.Equal(expected.Epistemic, result.Get(GraphNames.Epistemic).AsFloats()[r], 5);
        }
    }

    [Fact]
    public async Task Score_RawRows_NormalisesExactlyOnce()
    {
        using var model = await LoadAsync();
        var row = new[] { 6f, -4f, 5f, 9f };

        var probabilities = model.Score([row]).Get(GraphNames.Probabilities).AsFloats();

        var once = _classifier.Compute(row, normalisations: 1).Probabilities;
        var never = _classifier.Compute(row, normalisations: 0).Probabilities;
        var twice = _classifier.Compute(row, normalisations: 2).Probabilities;
        Assert.True(MaxDifference(probabilities, once) < 1e-5, "normalised once");
        Assert.True(MaxDifference(probabilities, never) > 1e-2, "a raw row must be normalised");
        Assert.True(MaxDifference(probabilities, twice) > 1e-2, "normalised twice");
    }

    [Fact]
    public async Task Score_AnyRows_UncertaintyInvariantsHold()
    {
        using var model = await LoadAsync();

        var result = model.Score(Rows);

        var probabilities = result.Get(GraphNames.Probabilities).AsFloats();
        for (var r = 0; r < Rows.Length; r++)
        {
            Assert.Equal(1.0, probabilities.Skip(r * 3).Take(3).Sum(), 5);
            var total = result.Get(GraphNames.Total).AsFloats()[r];
            var aleatoric = result.Get(GraphNames.Aleatoric).AsFloats()[r];
            var epistemic = result.Get(GraphNames.Epistemic).AsFloats()[r];
            Assert.True(epistemic >= -1e-6, $"epistemic {epistemic} must be non-negative");
            Assert.Equal(total, aleatoric + epistemic, 5);
            Assert.InRange(total, 0, Math.Log(3) + 1e-6);
        }
    }

    [Fact]
    public async Task Score_RequestedOutputs_ReturnsOnlyThoseInOrder()
    {
        using var model = await LoadAsync();

        var result = model.Score(Rows, [GraphNames.Epistemic, GraphNames.Label]);

        Assert.Equal([GraphNames.Epistemic, GraphNames.Label], result.Outputs.Select(o => o.Name));
        Assert.Equal([3L], result.Get(GraphNames.Label).Shape);
    }

    [Fact]
    public async Task Score_UnknownOutput_ThrowsInvalidInput()
    {
        using var model = await LoadAsync();

        var error = Assert.Throws<InvalidInputException>(() => model.Score(Rows, ["logits"]));

        Assert.Contains("logits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBatch_NoRows_ThrowsInvalidInput()
    {
        using var model = await LoadAsync();

        Assert.Throws<InvalidInputException>(() => model.CreateBatch(0));
    }

    [Fact]
    public async Task CreateBatch_MoreRowsThanBound_ThrowsBatchTooLarge()
    {
        using var model = await LoadAsync(new ScoringOptions { MaxBatchRows = 4 });

        var error = Assert.Throws<BatchTooLargeException>(() => model.CreateBatch(5));

        Assert.Equal(4, error.MaxRows);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task Score_NonFiniteValue_ThrowsInvalidInputNamingRowAndColumn(float value)
    {
        using var model = await LoadAsync();
        float[][] rows = [[1, 2, 3, 4], [1, 2, value, 4]];

        var error = Assert.Throws<InvalidInputException>(() => model.Score(rows));

        Assert.Equal(1, error.Row);
        Assert.Equal(2, error.Column);
    }

    [Fact]
    public async Task Score_RowOfWrongWidth_ThrowsInvalidInput()
    {
        using var model = await LoadAsync();
        float[][] rows = [[1, 2, 3, 4], [1, 2, 3]];

        var error = Assert.Throws<InvalidInputException>(() => model.Score(rows));

        Assert.Equal(1, error.Row);
    }

    [Fact]
    public async Task Score_IncompleteBatch_ThrowsInvalidInput()
    {
        using var model = await LoadAsync();
        using var batch = model.CreateBatch(2);
        batch.AppendRow([1, 2, 3, 4]);

        Assert.Throws<InvalidInputException>(() => model.Score(batch));
    }

    [Fact]
    public async Task LoadFolderAsync_GraphNotMatchingManifestChecksum_ThrowsModelUnavailable()
    {
        var manifest = Path.Combine(_folder.Path, "tiny", "manifest.json");
        await File.WriteAllTextAsync(manifest, TinyClassifier.ManifestJson("tiny", new string('0', 64)));

        await Assert.ThrowsAsync<ModelUnavailableException>(() => LoadAsync());
    }

    [Fact]
    public async Task LoadFolderAsync_NoManifest_ThrowsModelNotFound()
    {
        await Assert.ThrowsAsync<ModelNotFoundException>(() => ScoringModel.LoadFolderAsync(Path.Combine(_folder.Path,
            "absent"), new ScoringOptions(), CancellationToken.None));
    }

    [Fact]
    public async Task LoadFolderAsync_ValidFolder_DescribesInputsAndOutputs()
    {
        using var model = await LoadAsync();

        Assert.Equal([-1L, 2, 2], model.Inputs.Single().Shape);
        var label = model.Outputs.Single(o => o.Name == GraphNames.Label);
        Assert.Equal(TensorDatatypes.Integer64, label.Datatype);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_folder.Path, "tiny", "model.onnx"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), model.Version.OnnxSha256);
    }

    private Task<ScoringModel> LoadAsync(ScoringOptions? options = null) =>
        ScoringModel.LoadFolderAsync(Path.Combine(_folder.Path, "tiny"), options ?? new ScoringOptions(),
            CancellationToken.None);

    private static double MaxDifference(float[] actual, double[] expected) =>
        expected.Select((e, i) => Math.Abs(e - actual[i])).Max();
}
