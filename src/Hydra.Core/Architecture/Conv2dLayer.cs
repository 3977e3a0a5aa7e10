namespace Hydra.Core.Architecture;

/// <summary>A 2-D convolution over [channels, height, width] rows with a square kernel.</summary>
public sealed record Conv2dLayer(int In, int Out, int Kernel, int Stride = 1, int Padding = 0,
    bool Bias = true) : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input)
    {
        if (In <= 0 || Out <= 0 || Kernel <= 0 || Stride <= 0 || Padding < 0)
        {
            return ShapeResult.Fail(
                $"in ({In}), out ({Out}), kernel ({Kernel}) and stride ({Stride}) must be positive and padding "
                    + $"({Padding}) non-negative");
        }

        if (input.Count != 3)
        {
            return ShapeResult.Fail($"expects [channels, height, width] but receives shape {Describe(input)}");
        }

        if (input[0] != In)
        {
            return ShapeResult.Fail($"expects {In} input channels but receives {input[0]}");
        }

        var h = ((input[1] + (2 * Padding) - Kernel) / Stride) + 1;
        var w = ((input[2] + (2 * Padding) - Kernel) / Stride) + 1;
        return h > 0 && w > 0
            ? ShapeResult.Ok(Out, h, w)
            : ShapeResult.Fail($"kernel {Kernel} with padding {Padding} does not fit a {input[1]}×{input[2]} input");
    }

    public override long MultiplyAccumulates(IReadOnlyList<int> input)
    {
        var output = InferShape(input).Shape;
        return output is null ? 0 : (long)Out * output[1] * output[2] * In * Kernel * Kernel;
    }

    public override long ParameterCount() => ((long)Out * In * Kernel * Kernel) + (Bias ? Out : 0);

    public override IReadOnlyList<(string Name, long[] Shape)> TensorShapes() =>
        Bias ? [("weight", [Out, In, Kernel, Kernel]), ("bias", [Out])] : [("weight", [Out, In, Kernel, Kernel])];
}
