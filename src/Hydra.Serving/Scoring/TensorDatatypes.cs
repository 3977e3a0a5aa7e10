namespace Hydra.Serving.Scoring;

/// <summary>Open Inference Protocol datatype names for the element types the graphs use.</summary>
public static class TensorDatatypes
{
    public const string Fp32 = "FP32";
    public const string Fp64 = "FP64";
    public const string Integer64 = "INT64";
    public const string Boolean = "BOOL";
}
