namespace Hydra.Core.Architecture;

/// <summary>Flattens a row of any shape to one dimension.</summary>
public sealed record FlattenLayer : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input) =>
        ShapeResult.Ok(input.Aggregate(1, (a, b) => a * b));
}
