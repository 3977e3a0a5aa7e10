namespace Hydra.Serving.Scoring;

/// <summary>
/// One computed output, copied out of ONNX Runtime's memory (or computed from it): row-major data with its shape.
/// </summary>
public sealed class OutputTensor
{
    private OutputTensor(string name, long[] shape, float[]? floats, long[]? integers, bool[]? booleans = null)
    {
        Name = name;
        Shape = shape;
        Floats = floats;
        Integers = integers;
        Booleans = booleans;
    }

    public string Name { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>FP32 data, or null for an INT64 output.</summary>
    public float[]? Floats { get; }

    /// <summary>INT64 data, or null for an FP32 output.</summary>
    public long[]? Integers { get; }

    /// <summary>BOOL data (the calibrated <c>out_of_distribution</c>), or null.</summary>
    public bool[]? Booleans { get; }

    public string Datatype => Floats is not null ? TensorDatatypes.Fp32
        : Booleans is not null ? TensorDatatypes.Boolean : TensorDatatypes.Integer64;

    /// <summary>The data as it is, whichever its type: float[], long[] or bool[].</summary>
    public object Data => (object?)Floats ?? (object?)Integers ?? Booleans!;

    public static OutputTensor FromFloats(string name, long[] shape, float[] data) => new(name, shape, data, null);

    public static OutputTensor FromIntegers(string name, long[] shape, long[] data) => new(name, shape, null, data);

    public static OutputTensor FromBooleans(string name, long[] shape, bool[] data) =>
        new(name, shape, null, null, data);

    /// <summary>The FP32 data.</summary>
    /// <exception cref="InvalidOperationException">The output is INT64.</exception>
    public float[] AsFloats() => Floats ?? throw new InvalidOperationException(
        $"Output '{Name}' is {Datatype}, not FP32.");

    /// <summary>The INT64 data.</summary>
    /// <exception cref="InvalidOperationException">The output is FP32.</exception>
    public long[] AsIntegers() => Integers ?? throw new InvalidOperationException(
        $"Output '{Name}' is {Datatype}, not INT64.");
}
