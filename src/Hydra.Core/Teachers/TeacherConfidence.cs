using Hydra.Core.Data;
using Hydra.Core.Models;

namespace Hydra.Core.Teachers;

/// <summary>
/// How sure classification teachers are of the training rows: their mean max-probability (over teachers and rows) once
/// their scores are divided by a temperature T. The default temperature for teachers the product did not train is the
/// one that brings this down to <see cref="TargetMaxProbability"/> (T = 1 when the teachers are already below it):
/// confident teachers get a higher T, so their students see the ranking of the other classes. The target was measured
/// on validation splits of three tables (docs/results/distill-defaults).
/// </summary>
public sealed class TeacherConfidence
{
    /// <summary>The teachers' mean max-probability the default temperature aims at.</summary>
    public const double TargetMaxProbability = 0.90;

    /// <summary>At most this many training rows (the first ones) are asked; enough to estimate a mean.</summary>
    public const int MaxRows = 2048;

    /// <summary>The highest default temperature.</summary>
    public const double MaxTemperature = 16;

    private readonly float[][] _logScores;
    private readonly int _classes;

    private TeacherConfidence(float[][] logScores, int classes)
    {
        _logScores = logScores;
        _classes = classes;
    }

    /// <summary>The teachers' answers on the first <see cref="MaxRows"/> rows; null for regression teachers.</summary>
    public static TeacherConfidence? Of(TeacherEnsemble ensemble, Dataset rows,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(rows);
        var first = ensemble.Teachers[0].Signature;
        if (first.Task != ModelTask.Classification || rows.Count == 0)
        {
            return null;
        }

        var count = Math.Min(MaxRows, rows.Count);
        var input = rows.Features.AsSpan(0, count * rows.RowSize).ToArray();
        var scores = new float[ensemble.Count][];
        for (var m = 0; m < ensemble.Count; m++)
        {
            var values = ensemble.Teachers[m].Predict(input, count, cancellationToken);
            if (ensemble.Scores[m] == TeacherScores.Probabilities)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = MathF.Log(MathF.Max(values[i], 1e-30f));
                }
            }

            scores[m] = values;
        }

        return new TeacherConfidence(scores, first.Classes);
    }

    /// <summary>Builds one from log-scores already computed: one [N, C] array per teacher.</summary>
    public static TeacherConfidence FromLogScores(IReadOnlyList<float[]> logScores, int classes)
    {
        ArgumentNullException.ThrowIfNull(logScores);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        return new TeacherConfidence([.. logScores], classes);
    }

    /// <summary>The mean over teachers and rows of max softmax(scores / <paramref name="temperature"/>).</summary>
    public double MeanMaxProbability(double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        double sum = 0;
        long rows = 0;
        foreach (var scores in _logScores)
        {
            for (var start = 0; start + _classes <= scores.Length; start += _classes)
            {
                var row = scores.AsSpan(start, _classes);
                var max = double.NegativeInfinity;
                foreach (var s in row)
                {
                    max = Math.Max(max, s);
                }

                // max softmax = 1 / Σ exp((s − max) / T).
                double denominator = 0;
                foreach (var s in row)
                {
                    denominator += Math.Exp((s - max) / temperature);
                }

                sum += 1 / denominator;
                rows++;
            }
        }

        return rows == 0 ? 0 : sum / rows;
    }

    /// <summary>
    /// The temperature at which the mean max-probability is <paramref name="target"/> (it falls as T rises), rounded to
    /// 0.05; 1 when the teachers are at or below it already, <see cref="MaxTemperature"/> at most.
    /// </summary>
    public double TemperatureFor(double target = TargetMaxProbability)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, 1.0 / _classes);
        if (MeanMaxProbability(1) <= target)
        {
            return 1;
        }

        double low = 1, high = MaxTemperature;
        if (MeanMaxProbability(high) > target)
        {
            return MaxTemperature;
        }

        for (var i = 0; i < 40; i++)
        {
            var mid = (low + high) / 2;
            if (MeanMaxProbability(mid) > target)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return Math.Max(1, Math.Round(high * 20) / 20);
    }
}
