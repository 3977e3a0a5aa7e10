using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Hydra.Serving.Scoring;

/// <summary>ONNX Runtime tensors as the scorer describes and returns them: V2 datatypes, copied-out outputs.</summary>
internal static class OrtTensors
{
    public static OutputTensor CopyOut(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        return info.ElementDataType switch
        {
            TensorElementType.Float => OutputTensor.FromFloats(name, shape,
                value.GetTensorDataAsSpan<float>().ToArray()),
            TensorElementType.Int64 => OutputTensor.FromIntegers(name, shape,
                value.GetTensorDataAsSpan<long>().ToArray()),
            var other => throw new InvalidOperationException(
                $"Output '{name}' has element type {other}, which the scorer does not serve."),
        };
    }

    public static TensorDescription Describe(string name, NodeMetadata metadata) =>
        new(name, DatatypeOf(metadata.ElementDataType), metadata.Dimensions.Select(d => (long)d).ToArray());

    public static string DatatypeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float => TensorDatatypes.Fp32,
        TensorElementType.Double => TensorDatatypes.Fp64,
        TensorElementType.Int64 => TensorDatatypes.Integer64,
        _ => type.ToString().ToUpperInvariant(),
    };
}
