using Hydra.Onnx.Graph;
using Hydra.Serving.Runtime;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Hydra.Cli.Bench;

/// <summary>
/// The bench step that measures the machine: the best of several short sgemm trials in each engine (on a shared
/// machine the best trial is the closest to the hardware's rate).
/// </summary>
internal static class MachineGemm
{
    private const int Size = 1024;
    private const int Trials = 5;

    public static GemmRates Measure(BenchSetup setup) =>
        new(TorchGflops(setup.Budget), OnnxGflops(setup.Sessions, setup.Budget));

    private static double TorchGflops(TimeSpan budget)
    {
        using var a = randn(Size, Size);
        using var b = randn(Size, Size);
        var best = Enumerable.Range(0, Trials)
            .Max(_ => Throughput.RowsPerSecond(_ => { using var c = a.mm(b); }, 1, budget / Trials));
        return best * 2.0 * Size * Size * Size / 1e9;
    }

    /// <summary>The same product through ONNX Runtime's MatMul kernel, which the scored graphs use.</summary>
    private static double OnnxGflops(OnnxSessionSettings settings, TimeSpan budget)
    {
        using var session = new OnnxSession(GemmProbeModel.Build(Size), settings);
        var values = BenchSetup.RandomRows(Size, Size);
        using var input = OrtValue.CreateTensorValueFromMemory(values, [Size, Size]);
        var best = Enumerable.Range(0, Trials).Max(_ => Throughput.RowsPerSecond(
            _ => { using var output = session.Run(input, session.OutputNames); }, Size, budget / Trials));
        return best * 2.0 * Size * Size / 1e9;
    }
}
