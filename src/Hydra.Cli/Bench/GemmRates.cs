namespace Hydra.Cli.Bench;

/// <summary>The machine's 1024³ float matrix product rate (GFLOP/s) through each engine.</summary>
internal sealed record GemmRates(double Torch, double Onnx)
{
    /// <summary>The faster of the two: the rate each model's GEMM fraction is measured against.</summary>
    public double Best => Math.Max(Torch, Onnx);
}
