namespace Hydra.Core.Architecture;

/// <summary>Dropout with drop probability <see cref="P"/> while training; the identity at inference.</summary>
public sealed record DropoutLayer(double P = 0.5) : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input) =>
        P is >= 0 and < 1 ? ShapeResult.Ok([.. input]) : ShapeResult.Fail($"p ({P}) must be in [0, 1)");
}
