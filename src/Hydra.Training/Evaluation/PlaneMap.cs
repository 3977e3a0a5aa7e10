namespace Hydra.Training.Evaluation;

/// <summary>
/// Classification on two input features: every model's epistemic uncertainty on a <see cref="Size"/> × <see
/// cref="Size"/> grid over the square [−<see cref="Extent"/>, <see cref="Extent"/>]², which holds the training rows and
/// every OOD set, with those points, for the map plots. <c>Epistemic[model]</c> is row-major with row 0 at the top
/// (y = +Extent) and column 0 at the left (x = −Extent); points are interleaved (x, y) in raw input units.
/// </summary>
public sealed record PlaneMap(
    double Extent,
    int Size,
    IReadOnlyDictionary<string, double[]> Epistemic,
    float[] Train,
    IReadOnlyDictionary<string, float[]> Ood)
{
    /// <summary>The grid point of row <paramref name="row"/> and column <paramref name="column"/>.</summary>
    public (double X, double Y) Point(int row, int column) =>
        (-Extent + (2 * Extent * column / (Size - 1)), Extent - (2 * Extent * row / (Size - 1)));
}
