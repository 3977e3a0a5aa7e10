namespace Hydra.Core.Architecture;

/// <summary>The output shape of a layer, or the reason the layer rejects its input.</summary>
public readonly record struct ShapeResult(int[]? Shape, string? Error)
{
    public static ShapeResult Ok(params int[] shape) => new(shape, null);

    public static ShapeResult Fail(string error) => new(null, error);

    public bool IsOk => Shape is not null;
}
