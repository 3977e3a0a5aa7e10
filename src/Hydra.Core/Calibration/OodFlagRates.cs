namespace Hydra.Core.Calibration;

/// <summary>
/// How often a model's out-of-distribution flag fires at one level: the threshold is the level's quantile of its
/// epistemic uncertainty on the calibrating test rows (<see cref="CalibrationRows"/>), the false positive rate is
/// measured on the other test rows and the true positive rate on each OOD set. This is the flag the served model
/// raises, measured before it is served.
/// </summary>
public sealed record OodFlagRates(double Level, double Threshold, int ReferenceRows, double FalsePositiveRate,
    IReadOnlyDictionary<string, double> TruePositiveRates)
{
    /// <param name="testEpistemic">The model's epistemic uncertainty on every test row, in test order.</param>
    /// <param name="ood">Its epistemic uncertainty on each OOD set.</param>
    public static OodFlagRates Measure(IReadOnlyList<double> testEpistemic,
        IReadOnlyDictionary<string, double[]> ood, double level = ModelCalibration.DefaultLevel,
        int maxReferenceRows = CalibrationRows.MaxRows)
    {
        ArgumentNullException.ThrowIfNull(testEpistemic);
        ArgumentNullException.ThrowIfNull(ood);
        var reference = CalibrationRows.Indices(testEpistemic.Count, maxReferenceRows);
        var threshold = UncertaintyReference.From(reference.Select(i => (float)testEpistemic[i])).Quantile(level);
        var remaining = CalibrationRows.Remaining(testEpistemic.Count, maxReferenceRows);
        return new OodFlagRates(level, threshold, reference.Length,
            Rate(remaining.Select(i => testEpistemic[i]), threshold),
            ood.ToDictionary(set => set.Key, set => Rate(set.Value, threshold)));
    }

    /// <summary>
    /// The rates of every model: <paramref name="epistemic"/>[set][model] holds the per-row values, the set named
    /// <paramref name="testSet"/> being in-domain and every other set out of distribution.
    /// </summary>
    public static Dictionary<string, OodFlagRates> ForModels(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double[]>> epistemic, string testSet,
        double level = ModelCalibration.DefaultLevel)
    {
        ArgumentNullException.ThrowIfNull(epistemic);
        var test = epistemic[testSet];
        return test.ToDictionary(model => model.Key, model => Measure(model.Value,
            epistemic.Where(set => set.Key != testSet).ToDictionary(set => set.Key, set => set.Value[model.Key]),
            level));
    }

    /// <summary>The share of values above the threshold (NaN for none).</summary>
    public static double Rate(IEnumerable<double> values, double threshold)
    {
        ArgumentNullException.ThrowIfNull(values);
        int above = 0, count = 0;
        foreach (var value in values)
        {
            count++;
            above += value > threshold ? 1 : 0;
        }

        return count == 0 ? double.NaN : (double)above / count;
    }
}
