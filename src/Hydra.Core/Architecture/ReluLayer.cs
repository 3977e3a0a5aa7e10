namespace Hydra.Core.Architecture;

/// <summary>Element-wise max(0, x).</summary>
public sealed record ReluLayer : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input) => ShapeResult.Ok([.. input]);
}
