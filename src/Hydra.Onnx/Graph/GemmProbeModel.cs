using Google.Protobuf;
using Hydra.Core.Models;
using Onnx;

namespace Hydra.Onnx.Graph;

/// <summary>
/// A one-node ONNX model, y = x · W with W a random n×n matrix and x of shape [batch, n], for measuring the rate at
/// which
/// ONNX Runtime's matrix kernels run on this machine (the yardstick of <c>hydra bench</c>).
/// </summary>
public static class GemmProbeModel
{
    public static byte[] Build(int size, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var random = new Random(seed);
        var weights = new float[size * size];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() - 0.5);
        }

        var builder = new GraphBuilder("gemm-probe");
        var input = builder.Input(GraphNames.Input, [size]);
        var w = builder.Floats("w", [size, size], weights);
        builder.Node("MatMul", "y", [input, w], output: "y");
        builder.Output("y", TensorProto.Types.DataType.Float, size);
        var model = new ModelProto { IrVersion = HydraGraph.IrVersion, ProducerName = "hydra", Graph = builder.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = HydraGraph.Opset });
        return model.ToByteArray();
    }
}
