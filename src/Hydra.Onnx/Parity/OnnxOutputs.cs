namespace Hydra.Onnx.Parity;

/// <summary>The exported graph's outputs for a batch of rows, flat and row-major.</summary>
internal sealed record OnnxOutputs(
    float[] HeadProbabilities,
    float[] Probabilities,
    long[] Label,
    float[] Total,
    float[] Aleatoric,
    float[] Epistemic);
