namespace Hydra.Core.Data;

/// <summary>Images read from an IDX file: <paramref name="Count"/> row-major images scaled to [0, 1].</summary>
public sealed record IdxImages(float[] Pixels, int Count, int Rows, int Cols);
