namespace Hydra.Core.Architecture;

/// <summary>
/// Batch normalisation per channel of [channels, height, width] rows: batch statistics while training, the running
/// mean and variance (updated with <see cref="Momentum"/>) at inference; then the learnt per-channel scale and shift.
/// </summary>
public sealed record BatchNorm2dLayer(int Channels, double Eps = 1e-5, double Momentum = 0.1) : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input)
    {
        var error = BatchNormChecks.Settings(Channels, Eps, Momentum);
        if (error is not null)
        {
            return ShapeResult.Fail(error);
        }

        if (input.Count != 3)
        {
            return ShapeResult.Fail(
                $"expects [channels, height, width] but receives shape {Describe(input)} "
                    + $"(use batchnorm1d on flat rows)");
        }

        return input[0] == Channels
            ? ShapeResult.Ok([.. input])
            : ShapeResult.Fail($"expects {Channels} channels but receives {input[0]}");
    }

    public override long ParameterCount() => 2L * Channels;

    public override IReadOnlyList<(string Name, long[] Shape)> TensorShapes() => BatchNormChecks.Tensors(Channels);
}
