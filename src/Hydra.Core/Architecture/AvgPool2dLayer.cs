namespace Hydra.Core.Architecture;

/// <summary>
/// Average pooling over [channels, height, width] rows, without padding; the stride defaults to the kernel size.
/// </summary>
public sealed record AvgPool2dLayer(int Kernel, int? Stride = null) : LayerSpec
{
    public int EffectiveStride => Stride ?? Kernel;

    public override ShapeResult InferShape(IReadOnlyList<int> input)
    {
        if (Kernel <= 0 || EffectiveStride <= 0)
        {
            return ShapeResult.Fail($"kernel ({Kernel}) and stride ({EffectiveStride}) must be positive");
        }

        if (input.Count != 3)
        {
            return ShapeResult.Fail($"expects [channels, height, width] but receives shape {Describe(input)}");
        }

        return input[1] >= Kernel && input[2] >= Kernel
            ? ShapeResult.Ok(input[0], ((input[1] - Kernel) / EffectiveStride) + 1,
            ((input[2] - Kernel) / EffectiveStride) + 1)
            : ShapeResult.Fail($"kernel {Kernel} is larger than the {input[1]}×{input[2]} input");
    }
}
