namespace Hydra.Core.Architecture;

/// <summary>
/// The mean of each channel over height and width: [channels, height, width] → a flat row of [channels].
/// </summary>
public sealed record GlobalAvgPoolLayer : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input) =>
        input.Count == 3
            ? ShapeResult.Ok(input[0])
            : ShapeResult.Fail($"expects [channels, height, width] but receives shape {Describe(input)}");
}
