namespace Hydra.Core.Data;

/// <summary>
/// A NumPy array read into row-major (C order) <see cref="Values"/> of the given <see cref="Shape"/>; a 0-d array has
/// shape [].
/// </summary>
public sealed record NpyArray(float[] Values, int[] Shape);
