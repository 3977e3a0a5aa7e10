using Hydra.Training;

namespace Hydra.Cli.Bench;

/// <summary>
/// The bench's main step: each way of serving measured in turn, each session disposed before the next.
/// </summary>
internal static class ServingMeasurements
{
    public static BenchMeasurements Measure(BenchSetup setup, double gemm)
    {
        var macs = setup.Macs;
        var hydra = MeasureGraph(setup, "hydra", "hydra", macs.Hydra, gemm);
        var ensemble = MeasureGraph(setup, "ensemble", "ensemble (one graph)", macs.Ensemble, gemm);
        BenchModel sessions;
        using (var members = new MemberSessions(setup))
        {
            var name = $"ensemble ({setup.Members} sessions)";
            sessions = Measurement.Of(name, "onnxruntime", macs.Ensemble, members.Score, setup, gemm);
        }

        var kd = MeasureGraph(setup, "kd", "kd", macs.Member, gemm);
        return new BenchMeasurements(hydra, ensemble, sessions, kd, MeasureTorchHydra(setup, gemm));
    }

    private static BenchModel MeasureGraph(BenchSetup setup, string model, string name, long macs, double gemm)
    {
        using var scorer = new OnnxScorer(setup.ModelPath(model), setup.Sessions, setup.RowShape, setup.Inputs);
        return Measurement.Of(name, "onnxruntime", macs, scorer.Score, setup, gemm);
    }

    /// <summary>TorchSharp's forward of the same Hydra, on the same rows.</summary>
    private static BenchModel MeasureTorchHydra(BenchSetup setup, double gemm)
    {
        using var torchHydra = TorchModel.Load(setup.Hydra);
        var (inputs, rowSize) = (setup.Inputs, setup.RowSize);
        Action<int> forward = setup.Regression
            ? batch => torchHydra.HeadGaussians(inputs[..(batch * rowSize)], batch)
            : batch => torchHydra.HeadProbabilities(inputs[..(batch * rowSize)], batch);
        return Measurement.Of("hydra", "torchsharp", setup.Macs.Hydra, forward, setup, gemm);
    }
}
