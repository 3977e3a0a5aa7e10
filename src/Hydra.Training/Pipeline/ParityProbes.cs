using Hydra.Core.Calibration;
using Hydra.Core.Models;
using Hydra.Training.Modules;

namespace Hydra.Training.Pipeline;

/// <summary>
/// The rows a multi-head card carries for its converter: the parity probe, so the converter can prove its graph
/// computes the same function, and the calibration rows it measures the graph's uncertainty on.
/// </summary>
internal static class ParityProbes
{
    private const int ProbeRows = 4;

    /// <summary>
    /// The first test rows (normalised) and what each head outputs for them: probabilities, or [mean, variance] in
    /// target units for regression (what the exported graph outputs).
    /// </summary>
    public static ParityProbe Probe(MultiHeadNetwork network, RunContext context)
    {
        var test = context.Test;
        var rows = (int)Math.Min(ProbeRows, test.Inputs.shape[0]);
        using var inputs = test.Inputs.narrow(0, 0, rows);
        var heads = network.HeadCount;
        float[][][] outputs;
        if (context.IsRegression)
        {
            var (means, variances) = Inference.HeadGaussians(network, inputs, context.Bundle.TargetScaling);
            outputs = [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, heads)
                .Select(k => new[] { means[(r * heads) + k], variances[(r * heads) + k] }).ToArray())];
        }
        else
        {
            var probabilities = Inference.HeadProbabilities(network, inputs);
            var classes = probabilities.Length / (rows * heads);
            outputs = [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, heads)
                .Select(k => probabilities.AsSpan(((r * heads) + k) * classes, classes).ToArray()).ToArray())];
        }

        var rowSize = test.Source.RowSize;
        using var flat = inputs.reshape(rows, rowSize).contiguous();
        var values = flat.data<float>().ToArray();
        return new ParityProbe(
            [.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * rowSize, rowSize).ToArray())], outputs);
    }

    /// <summary>
    /// The calibrating test rows (<see cref="CalibrationRows"/>), normalised, as the graph takes them.
    /// </summary>
    public static CalibrationInputs Calibration(RunContext context)
    {
        var test = context.Test;
        var indices = CalibrationRows.Indices((int)test.Inputs.shape[0]);
        using var index = TorchSharp.torch.tensor(indices.Select(i => (long)i).ToArray(),
            device: test.Inputs.device);
        using var rows = test.Inputs.index_select(0, index).cpu().contiguous();
        return new CalibrationInputs(rows.data<float>().ToArray(), indices.Length, test.Source.RowShape);
    }
}
