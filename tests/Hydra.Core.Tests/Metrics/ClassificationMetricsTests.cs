using Hydra.Core.Metrics;

namespace Hydra.Core.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    private const double Tolerance = 1e-6; // inputs are floats: 0.7f is 0.7 to about 1e-8

    // Two rows, three classes:
    //   row 0: [0.7, 0.2, 0.1], label 0 -> arg-max 0, correct
    //   row 1: [0.3, 0.5, 0.2], label 2 -> arg-max 1, wrong
    private static readonly float[] TwoRows = [0.7f, 0.2f, 0.1f, 0.3f, 0.5f, 0.2f];
    private static readonly int[] TwoLabels = [0, 2];

    [Fact]
    public void Accuracy_OneOfTwoRowsCorrect_IsHalf()
    {
        var accuracy = ClassificationMetrics.Accuracy(TwoRows, 3, TwoLabels);

        Assert.Equal(0.5, accuracy, 1e-12);
    }

    [Fact]
    public void Accuracy_TiedMaximum_PicksLowestIndex()
    {
        // [0.2, 0.4, 0.4]: a tie between classes 1 and 2 goes to class 1, so label 1 is right and label 2 wrong.
        float[] probabilities = [0.2f, 0.4f, 0.4f];

        var labelLow = ClassificationMetrics.Accuracy(probabilities, 3, [1]);
        var labelHigh = ClassificationMetrics.Accuracy(probabilities, 3, [2]);

        Assert.Equal(1.0, labelLow);
        Assert.Equal(0.0, labelHigh);
    }

    [Fact]
    public void NegativeLogLikelihood_TwoRows_MatchesHandValue()
    {
        // p_y = 0.7 and 0.2: (-ln 0.7 - ln 0.2) / 2 = (0.35667494393873245 + 1.6094379124341003) / 2
        const double Expected = 0.9830564281864164;

        var nll = ClassificationMetrics.NegativeLogLikelihood(TwoRows, 3, TwoLabels);

        Assert.Equal(Expected, nll, Tolerance);
    }

    [Fact]
    public void NegativeLogLikelihood_ZeroProbabilityForLabel_IsFlooredAt1EMinus12()
    {
        // p_y = 0 -> -ln(1e-12) = 27.631021115928547 rather than infinity.
        float[] probabilities = [1f, 0f];
        int[] labels = [1];

        var nll = ClassificationMetrics.NegativeLogLikelihood(probabilities, 2, labels);

        Assert.Equal(27.631021115928547, nll, 1e-9);
    }

    [Fact]
    public void Brier_TwoRows_MatchesHandValue()
    {
        // row 0: (0.7-1)^2 + 0.2^2 + 0.1^2 = 0.09 + 0.04 + 0.01 = 0.14
        // row 1: 0.3^2 + 0.5^2 + (0.2-1)^2 = 0.09 + 0.25 + 0.64 = 0.98
        // mean = 0.56

        var brier = ClassificationMetrics.Brier(TwoRows, 3, TwoLabels);

        Assert.Equal(0.56, brier, Tolerance);
    }

    [Fact]
    public void Calibration_HandBuiltBins_MatchesHandValue()
    {
        // Five bins of width 0.2; confidence = max probability.
        //   [0.9, 0.1] label 0 -> conf 0.9, bin 4, correct
        //   [0.1, 0.9] label 0 -> conf 0.9, bin 4, wrong
        //   [0.7, 0.3] label 0 -> conf 0.7, bin 3, correct
        //   [0.45, 0.55] label 0 -> conf 0.55, bin 2, wrong
        // bin 4: n 2, acc 0.5, conf 0.9  -> 2/4 * 0.4  = 0.2
        // bin 3: n 1, acc 1,   conf 0.7  -> 1/4 * 0.3  = 0.075
        // bin 2: n 1, acc 0,   conf 0.55 -> 1/4 * 0.55 = 0.1375
        // ECE = 0.4125
        float[] probabilities = [0.9f, 0.1f, 0.1f, 0.9f, 0.7f, 0.3f, 0.45f, 0.55f];
        int[] labels = [0, 0, 0, 0];

        var result = ClassificationMetrics.Calibration(probabilities, 2, labels, bins: 5);

        Assert.Equal(0.4125, result.Ece, Tolerance);
        Assert.Equal(5, result.Bins);
        Assert.Equal([0, 0, 1, 1, 2], result.BinCount);
        Assert.Equal([0.0, 0.0, 0.0, 1.0, 0.5], result.BinAccuracy);
        Assert.Equal(0.0, result.BinConfidence[0]);
        Assert.Equal(0.0, result.BinConfidence[1]);
        Assert.Equal(0.55, result.BinConfidence[2], Tolerance);
        Assert.Equal(0.7, result.BinConfidence[3], Tolerance);
        Assert.Equal(0.9, result.BinConfidence[4], Tolerance);
    }

    [Fact]
    public void Calibration_ConfidenceOnBinEdges_GoesToLowerBinAndZeroToFirst()
    {
        // Four bins: (0, .25], (.25, .5], (.5, .75], (.75, 1]; all values below are exact in binary.
        //   conf 0    -> bin 0 (the all-zero row)
        //   conf 0.5  -> bin 1 (upper edge of (.25, .5])
        //   conf 0.75 -> bin 2
        //   conf 1    -> bin 3
        float[] probabilities = [0f, 0f, 0.5f, 0.5f, 0.75f, 0.25f, 1f, 0f];
        int[] labels = [0, 0, 0, 0];

        var result = ClassificationMetrics.Calibration(probabilities, 2, labels, bins: 4);

        Assert.Equal([1, 1, 1, 1], result.BinCount);
        Assert.Equal([0.0, 0.5, 0.75, 1.0], result.BinConfidence);
    }

    [Fact]
    public void Calibration_ConfidenceMatchesAccuracyInEveryBin_EceIsZero()
    {
        // Four rows at conf 0.75 (bin 2 of 4), three of them correct: acc 0.75 = conf 0.75.
        float[] probabilities = [0.75f, 0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f, 0.25f];
        int[] labels = [0, 0, 0, 1];

        var result = ClassificationMetrics.Calibration(probabilities, 2, labels, bins: 4);

        Assert.Equal(0.0, result.Ece, 1e-12);
        Assert.Equal(0.75, result.BinAccuracy[2], 1e-12);
    }

    [Fact]
    public void Calibration_DefaultBins_IsFifteen()
    {
        var result = ClassificationMetrics.Calibration(TwoRows, 3, TwoLabels);

        Assert.Equal(15, result.Bins);
        Assert.Equal(15, result.BinCount.Length);
        Assert.Equal(TwoLabels.Length, result.BinCount.Sum());
    }

    [Fact]
    public void Accuracy_ProbabilityCountNotRowsTimesClasses_ThrowsNamingLengths()
    {
        float[] probabilities = [0.5f, 0.5f, 1f];
        int[] labels = [0, 1];

        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy(probabilities, 2, labels));

        Assert.Contains("3", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeLogLikelihood_LabelOutOfRange_Throws()
    {
        int[] labels = [0, 3];

        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.NegativeLogLikelihood(TwoRows, 3,
            labels));
    }

    [Fact]
    public void Brier_NoRows_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Brier([], 3, []));
    }

    [Fact]
    public void Calibration_ZeroBins_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Calibration(TwoRows, 3, TwoLabels,
            bins: 0));
    }

    [Fact]
    public void Accuracy_ZeroClasses_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Accuracy(TwoRows, 0, TwoLabels));
    }
}
