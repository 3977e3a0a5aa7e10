using Hydra.Core.Data;
using Hydra.Core.Models;
using Hydra.Onnx.Graph;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Onnx.Parity;

/// <summary>
/// Proves an exported graph computes the trainer's function: ONNX Runtime's per-head outputs against the card's parity
/// probe (computed by TorchSharp at training time) and against <see cref="ReferenceForward"/> on random rows. The
/// per-head outputs are the head probabilities of a classifier, and each head's [mean, variance] in target units for
/// regression, where a difference is divided by max(1, |reference|) (see <see cref="ParityReport"/>).
/// </summary>
internal static class ParityCheck
{
    private static readonly GraphOptimizationLevel[] Levels = [GraphOptimizationLevel.ORT_DISABLE_ALL,
        GraphOptimizationLevel.ORT_ENABLE_ALL];

    /// <param name="regression">The target scaling of a regression model; null for a classifier.</param>
    /// <exception cref="OnnxExportException">The probe is malformed or ONNX Runtime cannot run the model.</exception>
    public static ParityReport Measure(byte[] model, IReadOnlyList<NetworkSource> networks, ParityProbe? probe,
        int[] rowShape,
        OnnxExportOptions options, TargetScaling? regression = null)
    {
        var features = rowShape.Aggregate(1, (a, b) => a * b);
        var heads = networks.Sum(n => n.Heads);
        double? probeDiff = null;
        var probeRows = 0;
        if (probe is not null)
        {
            var (inputs, expected) = Flatten(probe, features, heads);
            probeRows = probe.Inputs.Length;
            probeDiff = MaxDiff(model, inputs, probeRows, rowShape, expected, regression is not null);
        }

        var random = RandomRows(options.RandomParityRows, features, options.Seed);
        var reference = new List<float>();
        for (var r = 0; r < options.RandomParityRows; r++)
        {
            var row = random.AsSpan(r * features, features);
            foreach (var network in networks)
            {
                var outputs = regression is null ? ReferenceForward.HeadProbabilities(network,
                    row) : ReferenceForward.HeadGaussians(network, row, regression);
                foreach (var head in outputs)
                {
                    reference.AddRange(head.Select(p => (float)p));
                }
            }
        }

        var randomDiff = options.RandomParityRows == 0 ? 0.0 : MaxDiff(model, random, options.RandomParityRows,
            rowShape, [.. reference], regression is not null);
        var passed = (probeDiff ?? 0) <= options.ParityTolerance && randomDiff <= options.ParityTolerance;
        return new ParityReport(probeDiff, randomDiff, probeRows + options.RandomParityRows, options.ParityTolerance,
            passed);
    }

    /// <summary>Standard-normal rows: inputs are normalised, so this is roughly the scale the model sees.</summary>
    internal static float[] RandomRows(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * features];
        for (var i = 0; i < values.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return values;
    }

    private static double MaxDiff(byte[] model, float[] inputs, int rows, int[] rowShape, float[] expected,
        bool regression)
    {
        var worst = 0.0;
        foreach (var level in Levels)
        {
            var actual = regression
                ? OnnxRunner.RunHeadGaussians(model, inputs, rows, rowShape, level)
                : OnnxRunner.Run(model, inputs, rows, rowShape, level).HeadProbabilities;
            if (actual.Length != expected.Length)
            {
                throw new OnnxExportException(
                    $"The graph gives {actual.Length} per-head values for {rows} rows; the reference has "
                        + $"{expected.Length} (class count mismatch?).");
            }

            for (var i = 0; i < actual.Length; i++)
            {
                var diff = Math.Abs((double)actual[i] - expected[i]);
                if (regression)
                {
                    diff /= Math.Max(1.0, Math.Abs((double)expected[i]));
                }

                // NaN compares false everywhere: count it as an infinite difference so it can never pass.
                worst = double.IsNaN(diff) ? double.PositiveInfinity : Math.Max(worst, diff);
            }
        }

        return worst;
    }

    private static (float[] Inputs, float[] Expected) Flatten(ParityProbe probe, int features, int heads)
    {
        if (probe.Inputs is null || probe.HeadOutputs is null || probe.Inputs.Length == 0
            || probe.Inputs.Length != probe.HeadOutputs.Length)
        {
            throw new OnnxExportException(
                $"The card's parity probe is malformed: {probe.Inputs?.Length ?? 0} input rows but "
                    + $"{probe.HeadOutputs?.Length ?? 0} output rows.");
        }

        var inputs = new List<float>();
        var expected = new List<float>();
        for (var r = 0; r < probe.Inputs.Length; r++)
        {
            if (probe.Inputs[r]?.Length != features)
            {
                throw new OnnxExportException(
                    $"Parity probe row {r} has {probe.Inputs[r]?.Length ?? 0} values; "
                        + $"the input shape needs {features}.");
            }

            if (probe.HeadOutputs[r]?.Length != heads)
            {
                throw new OnnxExportException(
                    $"Parity probe row {r} has outputs for {probe.HeadOutputs[r]?.Length ?? 0} heads; the model has "
                        + $"{heads}.");
            }

            inputs.AddRange(probe.Inputs[r]);
            foreach (var head in probe.HeadOutputs[r])
            {
                expected.AddRange(head);
            }
        }

        return ([.. inputs], [.. expected]);
    }
}
