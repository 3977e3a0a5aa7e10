using Hydra.Core.Architecture;
using Hydra.Core.Checkpoints;
using Hydra.Core.Data;
using Hydra.Core.Metrics;
using Hydra.Core.Models;
using Hydra.Core.Storage;
using Hydra.Onnx.Parity;
using Hydra.Training;
using Hydra.Training.Modules;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Hydra.Onnx.Tests;

/// <summary>
/// Regression graphs in ONNX Runtime against TorchSharp's forward of the same weights: per-head means and variances in
/// target units, and the in-graph mixture moments against the Core metrics' decomposition of the heads.
/// </summary>
[Collection(LibTorchTests.Name)]
public sealed class RegressionExportTests : IDisposable
{
    private const double Tolerance = 1e-5;
    private const int Features = 3;
    private static readonly TargetScaling Scaling = new(22.5f, 9.25f);
    private static readonly FeatureNormalization FeatureScaling = new([1f, -2f, 0.5f], [2f, 0.5f, 4f]);

    private readonly TempDirectory _temp = new();
    private readonly FolderArtifactStore _store;

    public RegressionExportTests() => _store = new FolderArtifactStore(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Export_RegressionHydra_HeadsMatchTorchSharpAndTheMomentsMatchTheCoreDecomposition()
    {
        using var network = NewNetwork(heads: 5, seed: 31);
        var result = await WriteAndExportAsync(network, ModelKind.Hydra);
        var model = await _store.ReadAsync(result.ModelPath, CancellationToken.None);
        const int rows = 29;
        var inputs = ParityCheck.RandomRows(rows, Features, seed: 77).Select(v => v * 2f).ToArray();

        var outputs = Run(model, inputs, rows);
        var (means, variances) = TorchGaussians(network, inputs, rows);
        var moments = RegressionMetrics.Decompose(means, variances, rows, 5);

        Assert.True(result.Manifest.Parity.Passed);
        Assert.InRange(result.Manifest.Parity.MaxAbsDiffProbe!.Value, 0, Tolerance);
        Assert.Equal(Scaling, result.Manifest.TargetScaling);
        Assert.Empty(result.Manifest.Classes);
        Assert.InRange(MaxRelative(outputs[GraphNames.HeadMeans], means), 0, Tolerance);
        Assert.InRange(MaxRelative(outputs[GraphNames.HeadVariances], variances), 0, Tolerance);
        Assert.InRange(MaxRelative(outputs[GraphNames.Mean], moments.Mean), 0, Tolerance);
        Assert.InRange(MaxRelative(outputs[GraphNames.Aleatoric], moments.Aleatoric), 0, Tolerance);
        Assert.InRange(MaxRelative(outputs[GraphNames.Epistemic], moments.Epistemic), 0, 1e-4);
        for (var r = 0; r < rows; r++)
        {
            Assert.True(outputs[GraphNames.Epistemic][r] >= 0 && outputs[GraphNames.Aleatoric][r] > 0);
            var total = outputs[GraphNames.Total][r];
            Assert.Equal(outputs[GraphNames.Aleatoric][r] + outputs[GraphNames.Epistemic][r], total, 1e-6 * Math.Max(1,
                Math.Abs(total)));
        }
    }

    [Fact]
    public async Task Export_RegressionKd_HasExactlyZeroEpistemicVariance()
    {
        using var network = NewNetwork(heads: 1, seed: 32);
        var result = await WriteAndExportAsync(network, ModelKind.Kd);
        var model = await _store.ReadAsync(result.ModelPath, CancellationToken.None);
        var inputs = ParityCheck.RandomRows(7, Features, seed: 5);

        var outputs = Run(model, inputs, 7);

        Assert.All(outputs[GraphNames.Epistemic], e => Assert.Equal(0f, e));
        Assert.Equal(outputs[GraphNames.Aleatoric], outputs[GraphNames.Total]);
        Assert.Equal(outputs[GraphNames.HeadMeans], outputs[GraphNames.Mean]);
        Assert.Equal(FeatureScaling.Std, result.Manifest.Input.Features!.Std);
    }

    [Fact]
    public async Task Export_RegressionProbeTampered_RefusesWithTheRelativeDifference()
    {
        using var network = NewNetwork(heads: 3, seed: 33);
        var card = await WriteAsync(network, ModelKind.Hydra);
        var probe = card.ParityProbe!;
        probe.HeadOutputs[0][1][1] *= 1.001f;
        await new CheckpointStore(_store).WriteAsync("ckpt", card with { ParityProbe = probe },
            NetworkTensors.Export(network), CancellationToken.None);

        var error = await Assert.ThrowsAsync<OnnxExportException>(() => ExportAsync());

        Assert.Contains("head means and variances", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "models/reg/manifest.json")));
    }

    [Fact]
    public async Task ExportEnsemble_RegressionMembers_MeanIsTheMembersAverage()
    {
        var networks = Enumerable.Range(0, 3).Select(m => NewNetwork(heads: 1, seed: 40 + m)).ToList();
        var checkpoints = new CheckpointStore(_store);
        for (var m = 0; m < networks.Count; m++)
        {
            await WriteAsync(networks[m], ModelKind.Member, CheckpointPaths.Folder("run", ModelKind.Member, m));
        }

        var result = await new OnnxExporter().ExportEnsembleAsync(checkpoints, "run", _store, "models/ens",
            new OnnxExportOptions { ModelId = "ens" }, CancellationToken.None);
        var model = await _store.ReadAsync(result.ModelPath, CancellationToken.None);
        var inputs = ParityCheck.RandomRows(11, Features, seed: 6);
        var outputs = Run(model, inputs, 11);
        var memberMeans = networks.Select(n => TorchGaussians(n, inputs, 11).Means).ToList();
        networks.ForEach(n => n.Dispose());

        var expected = Enumerable.Range(0, 11).Select(r => memberMeans.Average(m => (double)m[r])).ToArray();
        Assert.InRange(MaxRelative(outputs[GraphNames.Mean], expected), 0, Tolerance);
        Assert.True(result.Manifest.Parity.Passed);
    }

    private static MultiHeadNetwork NewNetwork(int heads, int seed)
    {
        TorchRuntime.Seed(seed);
        return new MultiHeadNetwork(ArchitecturePresets.RegressionMlp(Features), heads);
    }

    private static (float[] Means, float[] Variances) TorchGaussians(MultiHeadNetwork network, float[] rows, int count)
    {
        using var inputs = tensor(rows, [count, Features]);
        return Inference.HeadGaussians(network, inputs, Scaling);
    }

    /// <summary>Writes weights and a regression card whose probe TorchSharp computed, as the trainer does.</summary>
    private async Task<ModelCard> WriteAsync(MultiHeadNetwork network, ModelKind kind, string folder = "ckpt")
    {
        const int probeRows = 4;
        var rows = ParityCheck.RandomRows(probeRows, Features, 1234);
        var (means, variances) = TorchGaussians(network, rows, probeRows);
        var heads = network.HeadCount;
        var probe = new ParityProbe(
            [.. rows.Chunk(Features)],
            [.. Enumerable.Range(0, probeRows).Select(r => Enumerable.Range(0, heads).Select(k
                => new[] { means[(r * heads) + k], variances[(r * heads) + k] }).ToArray())]);
        var card = TestCheckpoints.Card(network.Spec, heads, kind, kind == ModelKind.Member ? null : probe) with
        {
            Task = ModelTask.Regression,
            Classes = null,
            Input = new InputSpec([Features], Normalization.Identity, FeatureScaling),
            TargetScaling = Scaling,
        };
        return await new CheckpointStore(_store).WriteAsync(folder, card, NetworkTensors.Export(network),
            CancellationToken.None);
    }

    private async Task<OnnxExportResult> WriteAndExportAsync(MultiHeadNetwork network, ModelKind kind)
    {
        await WriteAsync(network, kind);
        return await ExportAsync();
    }

    private Task<OnnxExportResult> ExportAsync() =>
        new OnnxExporter().ExportAsync(new CheckpointStore(_store), "ckpt", _store, "models/reg",
            new OnnxExportOptions { ModelId = "reg" }, CancellationToken.None);

    private static Dictionary<string, float[]> Run(byte[] model, float[] inputs, int rows)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [rows, Features]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [GraphNames.Input], [input], [.. GraphNames.RegressionOutputs]);
        return GraphNames.RegressionOutputs.Select((name, i) => (name, i)).ToDictionary(p => p.name, p
            => results[p.i].GetTensorDataAsSpan<float>().ToArray());
    }

    private static double MaxRelative(float[] actual, double[] expected) =>
        actual.Select((a, i) => Math.Abs(a - expected[i]) / Math.Max(1.0, Math.Abs(expected[i]))).Max();

    private static double MaxRelative(float[] actual, float[] expected) => MaxRelative(actual, [.. expected.Select(v
        => (double)v)]);
}
