namespace Hydra.Core.Architecture;

/// <summary>A fully connected layer, y = x Wᵀ + b, on one-dimensional rows.</summary>
public sealed record LinearLayer(int In, int Out, bool Bias = true) : LayerSpec
{
    public override ShapeResult InferShape(IReadOnlyList<int> input)
    {
        if (In <= 0 || Out <= 0)
        {
            return ShapeResult.Fail($"in ({In}) and out ({Out}) must be positive");
        }

        if (input.Count != 1)
        {
            return ShapeResult.Fail(
                $"expects a flat row of {In} features but receives shape {Describe(input)} (add a flatten layer)");
        }

        return input[0] == In
            ? ShapeResult.Ok(Out)
            : ShapeResult.Fail($"expects {In} input features but receives {input[0]}");
    }

    public override long MultiplyAccumulates(IReadOnlyList<int> input) => (long)In * Out;

    public override long ParameterCount() => ((long)In * Out) + (Bias ? Out : 0);

    public override IReadOnlyList<(string Name, long[] Shape)> TensorShapes() =>
        Bias ? [("weight", [Out, In]), ("bias", [Out])] : [("weight", [Out, In])];
}
