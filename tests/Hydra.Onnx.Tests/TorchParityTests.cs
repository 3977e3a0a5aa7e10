using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Parity;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Onnx.Tests;

/// <summary>
/// The exported graph in ONNX Runtime against TorchSharp's forward of the same weights (the trainer's function).
/// </summary>
[Collection(LibTorchTests.Name)]
public sealed class TorchParityTests : IDisposable
{
    private const double Tolerance = 1e-5;
    private readonly TempDirectory _temp = new();
    private readonly FolderArtifactStore _store;

    public TorchParityTests() => _store = new FolderArtifactStore(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, ModelKind.Kd)]
    [InlineData(5, ModelKind.Hydra)]
    public async Task Export_MlpPreset_MatchesTorchSharpWithin1e5(int heads, ModelKind kind)
    {
        using var torch = new TorchModel(ArchitecturePresets.Mlp(), heads, seed: 11);

        var (result, model) = await ExportAsync(torch, kind);

        Assert.True(result.Manifest.Parity.Passed);
        Assert.InRange(result.Manifest.Parity.MaxAbsDiffProbe!.Value, 0, Tolerance);
        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 37), 0, Tolerance);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Export_StackedOrBranchedHeads_MatchesTorchSharpWithin1e5(bool stackHeads)
    {
        using var torch = new TorchModel(ArchitecturePresets.Mlp(), 5, seed: 12);

        var (_, model) = await ExportAsync(torch, ModelKind.Hydra, stackHeads);

        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 20), 0, Tolerance);
    }

    [Fact]
    public async Task Export_CnnPreset_MatchesTorchSharpWithin1e5()
    {
        using var torch = new TorchModel(ArchitecturePresets.Cnn(), 5, seed: 13);

        var (result, model) = await ExportAsync(torch, ModelKind.Hydra);

        Assert.InRange(result.Manifest.Parity.MaxAbsDiffProbe!.Value, 0, Tolerance);
        Assert.InRange(result.Manifest.Parity.MaxAbsDiffRandom, 0, Tolerance);
        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 9), 0, Tolerance);
    }

    [Fact]
    public async Task Export_DropoutStridedPoolAndStridedConv_MatchesTorchSharpWithin1e5()
    {
        var spec = new ArchitectureSpec("strided", [2, 11, 11],
            [
                new Conv2dLayer(2, 4, 3, Stride: 2, Padding: 1), new ReluLayer(), new MaxPool2dLayer(3, 2),
                    new DropoutLayer(0.3),
                new FlattenLayer(), new LinearLayer(16, 12), new ReluLayer(), new DropoutLayer(0.5),
            ],
            [new LinearLayer(12, 8), new ReluLayer(), new DropoutLayer(0.2), new LinearLayer(8, 5, Bias: false)]);
        using var torch = new TorchModel(spec, 3, seed: 14);

        var (result, model) = await ExportAsync(torch, ModelKind.Hydra);

        Assert.InRange(result.Manifest.Parity.MaxAbsDiffProbe!.Value, 0, Tolerance);
        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 25), 0, Tolerance);
    }

    [Fact]
    public async Task Export_EveryNewLayerWithMovedStatistics_MatchesTorchSharpWithin1e5()
    {
        var spec = new ArchitectureSpec("new-layers", [2, 8, 8],
            [
                new Conv2dLayer(2, 4, 3, Padding: 1, Bias: false), new BatchNorm2dLayer(4), new ReluLayer(),
                new ResidualBlockLayer(4, 4), new ResidualBlockLayer(4, 6, 2), new AvgPool2dLayer(2, 1),
                    new GlobalAvgPoolLayer(),
                new BatchNorm1dLayer(6, Eps: 1e-3),
            ],
            [new LinearLayer(6, 5), new BatchNorm1dLayer(5), new ReluLayer(), new LinearLayer(5, 3)]);
        using var torch = new TorchModel(spec, 3, seed: 15);
        torch.Perturb(forwardPasses: 5, seed: 16);

        var (result, model) = await ExportAsync(torch, ModelKind.Hydra);

        Assert.InRange(torch.LargestRunningMean(), 0.05, double.PositiveInfinity);
        Assert.True(result.Manifest.Parity.Passed);
        Assert.InRange(result.Manifest.Parity.MaxAbsDiffProbe!.Value, 0, Tolerance);
        Assert.InRange(result.Manifest.Parity.MaxAbsDiffRandom, 0, Tolerance);
        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 13), 0, Tolerance);
    }

    [Fact]
    public async Task Export_BatchNorm1dOnFlatRows_MatchesTorchSharpWithin1e5()
    {
        var spec = new ArchitectureSpec("bn1d", [6],
            [new LinearLayer(6, 8), new BatchNorm1dLayer(8), new ReluLayer()],
            [new LinearLayer(8, 5), new BatchNorm1dLayer(5, Eps: 1e-3), new ReluLayer(), new LinearLayer(5, 3)]);
        using var torch = new TorchModel(spec, 2, seed: 19);
        torch.Perturb(forwardPasses: 4, seed: 20);

        var (_, model) = await ExportAsync(torch, ModelKind.Hydra);

        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 11), 0, Tolerance);
    }

    [Fact]
    public async Task Export_AveragePooling_MatchesTorchSharpWithin1e5()
    {
        var spec = new ArchitectureSpec("avgpool", [2, 9, 9],
            [new Conv2dLayer(2, 3, 3), new AvgPool2dLayer(3, 2), new FlattenLayer()],
            [new LinearLayer(27, 4)]);
        using var torch = new TorchModel(spec, 2, seed: 21);

        var (_, model) = await ExportAsync(torch, ModelKind.Hydra);

        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 7), 0, Tolerance);
    }

    [Fact]
    public async Task Export_ResNet20WithResidualHeads_MatchesTorchSharpWithin1e5()
    {
        using var torch = new TorchModel(ArchitecturePresets.ResNet20(10, [3, 32, 32], ResNetHead.LastBlock), 2,
            seed: 17);
        torch.Perturb(forwardPasses: 2, seed: 18);

        var (result, model) = await ExportAsync(torch, ModelKind.Hydra);

        Assert.True(result.Manifest.Parity.Passed);
        Assert.InRange(MaxDiffAgainstTorch(torch, model, rows: 3), 0, Tolerance);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExportEnsemble_FiveMembers_MatchesEachMemberAndTheirMean(bool stackMembers)
    {
        var spec = ArchitecturePresets.ToyMlp(4, 3);
        var members = Enumerable.Range(0, 5).Select(m => new TorchModel(spec, 1, seed: 20 + m)).ToList();
        var checkpoints = new CheckpointStore(_store);
        for (var m = 0; m < members.Count; m++)
        {
            await members[m].WriteAsync(checkpoints, CheckpointPaths.Folder("run", ModelKind.Member, m),
                ModelKind.Member);
        }

        var result = await new OnnxExporter().ExportEnsembleAsync(checkpoints, "run", _store, "models/ens",
            new OnnxExportOptions { ModelId = "ens", StackMembers = stackMembers }, CancellationToken.None);
        var model = await _store.ReadAsync(result.ModelPath, CancellationToken.None);
        const int rows = 31;
        var inputs = ParityCheck.RandomRows(rows, 4, seed: 99);
        var outputs = OnnxRunner.Run(model, inputs, rows, [4], GraphOptimizationLevel.ORT_ENABLE_ALL);
        var expected = members.Select(m => m.HeadProbabilities(inputs)).ToList();
        members.ForEach(m => m.Dispose());

        Assert.Equal("ensemble", result.Manifest.Kind);
        Assert.Equal(5, result.Manifest.Heads);
        var worstHead = 0.0;
        var worstMean = 0.0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var m = 0; m < 5; m++)
                {
                    worstHead = Math.Max(worstHead, Math.Abs(outputs.HeadProbabilities[(((r * 5) + m) * 3)
                        + c] - expected[m][(r * 3) + c]));
                }

                var mean = expected.Average(e => (double)e[(r * 3) + c]);
                worstMean = Math.Max(worstMean, Math.Abs(outputs.Probabilities[(r * 3) + c] - mean));
            }
        }

        Assert.InRange(worstHead, 0, Tolerance);
        Assert.InRange(worstMean, 0, Tolerance);
    }

    private async Task<(OnnxExportResult Result, byte[] Model)> ExportAsync(TorchModel torch, ModelKind kind,
        bool stackHeads = false)
    {
        var checkpoints = new CheckpointStore(_store);
        await torch.WriteAsync(checkpoints, "checkpoint", kind);
        var options = new OnnxExportOptions { ModelId = "model", StackHeads = stackHeads };
        var result = await new OnnxExporter().ExportAsync(checkpoints, "checkpoint", _store, "models/model", options,
            CancellationToken.None);
        return (result, await _store.ReadAsync(result.ModelPath, CancellationToken.None));
    }

    /// <summary>Rows the probe never saw, scaled up so that some logits are large.</summary>
    private static double MaxDiffAgainstTorch(TorchModel torch, byte[] model, int rows)
    {
        var inputs = ParityCheck.RandomRows(rows, torch.Features, seed: 4321).Select(v => v * 2f).ToArray();
        var expected = torch.HeadProbabilities(inputs);
        var actual = OnnxRunner.Run(model, inputs, rows, torch.Spec.InputShape,
            GraphOptimizationLevel.ORT_ENABLE_ALL).HeadProbabilities;
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }
}
