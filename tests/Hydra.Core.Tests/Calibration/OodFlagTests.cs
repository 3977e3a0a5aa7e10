using System.Text;
using Hydra.Core.Calibration;

namespace Hydra.Core.Tests.Calibration;

public sealed class OodFlagTests
{
    [Fact]
    public void CalibrationRows_SplitTheTestSetIntoEvenAndOtherRows()
    {
        Assert.Equal([0, 2, 4, 6], CalibrationRows.Indices(7));
        Assert.Equal([1, 3, 5], CalibrationRows.Remaining(7));
        var large = CalibrationRows.Indices(10_000);
        Assert.Equal(CalibrationRows.MaxRows, large.Length);
        Assert.Equal(3998, large[^1]);
        Assert.Equal(10_000 - CalibrationRows.MaxRows, CalibrationRows.Remaining(10_000).Length);
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(0.95)]
    [InlineData(0.9)]
    public void Flag_FreshInDomainRows_FiresAtTheChosenRateWithinSamplingError(double level)
    {
        // Reference and fresh rows from one distribution (exponential): the flag's rate on the fresh rows is 1 − level,
        // up to the binomial error of the fresh rows and of the quantile estimated from the reference rows.
        var random = new Random(11);
        float Draw() => (float)-Math.Log(1 - random.NextDouble());
        var calibration = Calibration([.. Enumerable.Range(0, 2000).Select(_ => Draw())]);
        var threshold = calibration.Threshold(level);
        const int Fresh = 20_000;

        var flagged = Enumerable.Range(0, Fresh).Count(_ => calibration.Assess(Draw(), threshold).OutOfDistribution);

        var expected = 1 - level;
        var error = Math.Sqrt((expected * level / Fresh) + (expected * level / 2000));
        Assert.InRange(flagged / (double)Fresh, expected - (4 * error), expected + (4 * error));
    }

    [Fact]
    public void Flag_ReferenceRowsThemselves_FireOnTheShareAboveTheQuantile()
    {
        var values = Enumerable.Range(1, 1000).Select(i => (float)i).ToArray();
        var calibration = Calibration(values);
        var threshold = calibration.Threshold(0.99);

        var flagged = values.Count(v => calibration.Assess(v, threshold).OutOfDistribution);

        // The 99 % quantile of 1…1000 is 990.01: 991…1000 are above it.
        Assert.Equal(990.01, threshold, 6);
        Assert.Equal(10, flagged);
        Assert.Equal(0.5, calibration.Assess(501f, threshold).Quantile, 9);
    }

    [Fact]
    public void Measure_HandMadeSets_GivesThresholdAndRates()
    {
        // Test rows 0…9 with epistemic 0.0, 0.1, …, 0.9: the even rows (0, .2, .4, .6, .8) calibrate, the odd ones
        // measure. At level 0.5 the threshold is 0.4: the odd rows above it are .5 .7 .9 (3 of 5).
        double[] test = [.. Enumerable.Range(0, 10).Select(i => i / 10.0)];
        var ood = new Dictionary<string, double[]> { ["far"] = [0.1, 0.5, 0.9, 2.0], ["near"] = [0.0, 0.3] };

        var rates = OodFlagRates.Measure(test, ood, level: 0.5);

        Assert.Equal(0.4, rates.Threshold, 6);
        Assert.Equal(5, rates.ReferenceRows);
        Assert.Equal(0.6, rates.FalsePositiveRate, 9);
        Assert.Equal(0.75, rates.TruePositiveRates["far"], 9);
        Assert.Equal(0.0, rates.TruePositiveRates["near"], 9);
    }

    [Fact]
    public void Validate_UnsortedOrMiscountedReference_IsRefused()
    {
        var calibration = Calibration([1f, 2f, 3f]);

        Assert.Throws<InvalidDataException>(() => (calibration with { Rows = 4 }).Validate("m"));
        var unsorted = calibration with { Epistemic = calibration.Epistemic with { Sorted = [3f, 1f, 2f] } };
        var error = Assert.Throws<InvalidDataException>(() => unsorted.Validate("m"));
        Assert.Contains("ascending", error.Message, StringComparison.Ordinal);
        calibration.Validate("m");
    }

    [Fact]
    public void Manifest_WithCalibration_RoundTripsThroughJson()
    {
        var calibration = Calibration([0.3f, 0.1f, 0.2f]);
        var json = System.Text.Json.JsonSerializer.Serialize(calibration, HydraJson.Options);

        var read = System.Text.Json.JsonSerializer.Deserialize<ModelCalibration>(Encoding.UTF8.GetBytes(json),
            HydraJson.Options)!;

        Assert.Equal(calibration.Epistemic.Sorted, read.Epistemic.Sorted);
        Assert.Equal(calibration.Total.Quantiles, read.Total.Quantiles);
        Assert.Contains("\"epistemic\"", json, StringComparison.Ordinal);
        Assert.Contains("\"99.9\"", json, StringComparison.Ordinal);
    }

    private static ModelCalibration Calibration(float[] epistemic) => new()
    {
        Rows = epistemic.Length,
        Source = "test",
        Epistemic = UncertaintyReference.From(epistemic),
        Total = UncertaintyReference.From(epistemic.Select(v => v + 1)),
    };
}
