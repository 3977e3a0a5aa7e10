namespace Hydra.Core.Metrics;

/// <summary>
/// Accuracy, NLL, Brier score and calibration of predicted class probabilities.
/// Probabilities are N × classes row-major; labels hold N class indices.
/// </summary>
public static class ClassificationMetrics
{
    private const double MinProbability = 1e-12;

    /// <summary>Fraction of rows whose arg-max class (ties go to the lowest index) equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        var rows = ValidateRows(probabilities, classes, labels);

        var correct = 0;
        for (var n = 0; n < rows; n++)
        {
            var row = probabilities.Slice(n * classes, classes);
            if (ArgMax(row) == LabelAt(labels, n, classes))
            {
                correct++;
            }
        }

        return (double)correct / rows;
    }

    /// <summary>
    /// Mean of −log(max(p_y, 1e-12)); the floor keeps one confident mistake from making the mean infinite.
    /// </summary>
    public static double NegativeLogLikelihood(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        var rows = ValidateRows(probabilities, classes, labels);

        var sum = 0.0;
        for (var n = 0; n < rows; n++)
        {
            var p = probabilities[(n * classes) + LabelAt(labels, n, classes)];
            sum -= Math.Log(Math.Max(p, MinProbability));
        }

        return sum / rows;
    }

    /// <summary>Mean over rows of Σ_c (p_c − 1[y = c])².</summary>
    public static double Brier(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        var rows = ValidateRows(probabilities, classes, labels);

        var sum = 0.0;
        for (var n = 0; n < rows; n++)
        {
            var row = probabilities.Slice(n * classes, classes);
            var label = LabelAt(labels, n, classes);
            for (var c = 0; c < classes; c++)
            {
                var diff = row[c] - (c == label ? 1.0 : 0.0);
                sum += diff * diff;
            }
        }

        return sum / rows;
    }

    /// <summary>
    /// Expected calibration error over <paramref name="bins"/> equal-width confidence bins on [0, 1], where confidence
    /// is the
    /// largest probability in a row: ECE = Σ_b (n_b / N) |acc_b − conf_b|. See <see cref="CalibrationResult"/> for the
    /// bins.
    /// </summary>
    public static CalibrationResult Calibration(ReadOnlySpan<float> probabilities, int classes,
        ReadOnlySpan<int> labels, int bins = 15)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        var rows = ValidateRows(probabilities, classes, labels);

        var counts = new int[bins];
        var correct = new double[bins];
        var confidence = new double[bins];
        for (var n = 0; n < rows; n++)
        {
            var row = probabilities.Slice(n * classes, classes);
            var predicted = ArgMax(row);
            double conf = row[predicted];
            var bin = BinOf(conf, bins);
            counts[bin]++;
            confidence[bin] += conf;
            if (predicted == LabelAt(labels, n, classes))
            {
                correct[bin]++;
            }
        }

        // Σ_b (n_b/N)|acc_b − conf_b| = (1/N) Σ_b |correct_b − Σconf_b|; the sums become means in place afterwards.
        var gap = 0.0;
        for (var b = 0; b < bins; b++)
        {
            gap += Math.Abs(correct[b] - confidence[b]);
            if (counts[b] > 0)
            {
                correct[b] /= counts[b];
                confidence[b] /= counts[b];
            }
        }

        return new CalibrationResult(gap / rows, bins, correct, confidence, counts);
    }

    /// <summary>
    /// Bin i holds (i/B, (i+1)/B]; 0 (and anything below) goes to bin 0, anything above 1 to the last bin.
    /// </summary>
    private static int BinOf(double confidence, int bins)
    {
        var bin = (int)Math.Ceiling(confidence * bins) - 1;
        return Math.Clamp(bin, 0, bins - 1);
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static int LabelAt(ReadOnlySpan<int> labels, int row, int classes)
    {
        var label = labels[row];
        if ((uint)label >= (uint)classes)
        {
            throw new ArgumentOutOfRangeException(nameof(labels), label,
                $"Label at row {row} is outside [0, {classes}).");
        }

        return label;
    }

    private static int ValidateRows(ReadOnlySpan<float> probabilities, int classes, ReadOnlySpan<int> labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (labels.IsEmpty)
        {
            throw new ArgumentException("At least one row is needed.", nameof(labels));
        }

        if (probabilities.Length != (long)labels.Length * classes)
        {
            throw new ArgumentException(
                $"{probabilities.Length} probabilities do not match {labels.Length} labels × {classes} classes.",
                    nameof(probabilities));
        }

        return labels.Length;
    }
}
