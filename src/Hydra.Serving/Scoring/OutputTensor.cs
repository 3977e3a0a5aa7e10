namespace Hydra.Serving.Scoring;

/// <summary>One computed output, copied out of ONNX Runtime's memory: row-major data with its shape.</summary>
public sealed class OutputTensor
{
    private OutputTensor(string name, long[] shape, float[]? floats, long[]? integers)
    {
        Name = name;
        Shape = shape;
        Floats = floats;
        Integers = integers;
    }

    public string Name { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>FP32 data, or null for an INT64 output.</summary>
    public float[]? Floats { get; }

    /// <summary>INT64 data, or null for an FP32 output.</summary>
    public long[]? Integers { get; }

    public string Datatype => Floats is null ? TensorDatatypes.Integer64 : TensorDatatypes.Fp32;

    public static OutputTensor FromFloats(string name, long[] shape, float[] data) => new(name, shape, data, null);

    public static OutputTensor FromIntegers(string name, long[] shape, long[] data) => new(name, shape, null, data);

    /// <summary>The FP32 data.</summary>
    /// <exception cref="InvalidOperationException">The output is INT64.</exception>
    public float[] AsFloats() => Floats ?? throw new InvalidOperationException(
        $"Output '{Name}' is {Datatype}, not FP32.");

    /// <summary>The INT64 data.</summary>
    /// <exception cref="InvalidOperationException">The output is FP32.</exception>
    public long[] AsIntegers() => Integers ?? throw new InvalidOperationException(
        $"Output '{Name}' is {Datatype}, not INT64.");
}
