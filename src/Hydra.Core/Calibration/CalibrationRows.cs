namespace Hydra.Core.Calibration;

/// <summary>
/// Which held-out rows calibrate a model's out-of-distribution flag, and which are left to measure its false
/// positive rate: the even-numbered rows of the test split, at most <see cref="MaxRows"/>, calibrate; every other
/// test row measures. The trainer stores the calibrating rows with a checkpoint, so the exporter (and a Function App
/// with no access to the dataset) can measure the graph on them.
/// </summary>
public static class CalibrationRows
{
    /// <summary>Enough rows for a 99.9 % quantile to rest on a few rows above it, small enough to ship.</summary>
    public const int MaxRows = 2000;

    /// <summary>A name for the rows, stated in cards and manifests.</summary>
    public const string Source = "test split, even-numbered rows (held out from training)";

    /// <summary>The indices of the calibrating rows among <paramref name="testRows"/> rows.</summary>
    public static int[] Indices(int testRows, int maxRows = MaxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(testRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        return [.. Enumerable.Range(0, Math.Min((testRows + 1) / 2, maxRows)).Select(i => 2 * i)];
    }

    /// <summary>The test rows not used to calibrate, in order.</summary>
    public static int[] Remaining(int testRows, int maxRows = MaxRows)
    {
        var used = new HashSet<int>(Indices(testRows, maxRows));
        return [.. Enumerable.Range(0, testRows).Where(i => !used.Contains(i))];
    }
}
