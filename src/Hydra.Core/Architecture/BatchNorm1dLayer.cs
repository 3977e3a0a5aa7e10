namespace Hydra.Core.Architecture;

/// <summary>
/// Batch normalisation of flat [features] rows: batch statistics while training, the running mean and variance
/// (updated with <see cref="Momentum"/>) at inference; then the learnt per-feature scale and shift.
/// </summary>
public sealed record BatchNorm1dLayer(int Features, double Eps = 1e-5, double Momentum = 0.1) : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input)
    {
        var error = BatchNormChecks.Settings(Features, Eps, Momentum);
        if (error is not null)
        {
            return ShapeResult.Fail(error);
        }

        if (input.Count != 1)
        {
            return ShapeResult.Fail(
                $"expects a flat row of {Features} features but receives shape {Describe(input)} (use batchnorm2d on "
                    + $"[channels, height, width])");
        }

        return input[0] == Features
            ? ShapeResult.Ok(Features)
            : ShapeResult.Fail($"expects {Features} features but receives {input[0]}");
    }

    public override long ParameterCount() => 2L * Features;

    public override IReadOnlyList<(string Name, long[] Shape)> TensorShapes() => BatchNormChecks.Tensors(Features);
}
