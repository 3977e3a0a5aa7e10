using Hydra.Core.Models;
using Hydra.Serving.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Onnx.Parity;

/// <summary>
/// Runs an exported model in ONNX Runtime on a batch of rows, through the scorer's own <see cref="OnnxSession"/>: the
/// parity check sees the graph exactly as it will be served.
/// </summary>
internal static class OnnxRunner
{
    /// <exception cref="OnnxExportException">ONNX Runtime rejects the model or fails to run it.</exception>
    public static OnnxOutputs Run(
        byte[] model, float[] inputs, int rows, IReadOnlyList<int> rowShape, GraphOptimizationLevel level) =>
        RunGraph(model, inputs, rows, rowShape, level, GraphNames.Outputs, results => new OnnxOutputs(
            results.Floats(GraphNames.HeadProbabilities),
            results.Floats(GraphNames.Probabilities),
            results.Integers(GraphNames.Label),
            results.Floats(GraphNames.Total),
            results.Floats(GraphNames.Aleatoric),
            results.Floats(GraphNames.Epistemic)));

    /// <summary>
    /// A regression graph's per-head [mean, variance] for a batch, interleaved as [rows, heads, 2] like a parity probe.
    /// </summary>
    /// <exception cref="OnnxExportException">ONNX Runtime rejects the model or fails to run it.</exception>
    public static float[] RunHeadGaussians(
        byte[] model, float[] inputs, int rows, IReadOnlyList<int> rowShape, GraphOptimizationLevel level)
    {
        IReadOnlyList<string> outputs = [GraphNames.HeadMeans, GraphNames.HeadVariances];
        var (means, variances) = RunGraph(model, inputs, rows, rowShape, level, outputs,
            results => (results.Floats(GraphNames.HeadMeans), results.Floats(GraphNames.HeadVariances)));
        var interleaved = new float[means.Length * 2];
        for (var i = 0; i < means.Length; i++)
        {
            interleaved[2 * i] = means[i];
            interleaved[(2 * i) + 1] = variances[i];
        }

        return interleaved;
    }

    /// <summary>Runs the graph once in a session of its own and reads the results before the session goes.</summary>
    private static T RunGraph<T>(
        byte[] model, float[] inputs, int rows, IReadOnlyList<int> rowShape, GraphOptimizationLevel level,
        IReadOnlyList<string> outputs, Func<OnnxResults, T> read)
    {
        try
        {
            using var session = new OnnxSession(model, new OnnxSessionSettings { OptimizationLevel = level });
            using var results = session.Run(inputs, [rows, .. rowShape.Select(d => (long)d)], outputs);
            return read(results);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxExportException($"ONNX Runtime rejected the exported graph ({level}): {ex.Message}", ex);
        }
    }
}
