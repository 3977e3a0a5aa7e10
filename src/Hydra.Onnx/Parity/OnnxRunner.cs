using Hydra.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Onnx.Parity;

/// <summary>Runs an exported model in ONNX Runtime on a batch of rows.</summary>
internal static class OnnxRunner
{
    /// <exception cref="OnnxExportException">ONNX Runtime rejects the model or fails to run it.</exception>
    public static OnnxOutputs Run(byte[] model, float[] inputs, int rows, IReadOnlyList<int> rowShape, GraphOptimizationLevel level)
    {
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = level };
            using var session = new InferenceSession(model, options);
            return Run(session, inputs, rows, rowShape);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxExportException($"ONNX Runtime rejected the exported graph ({level}): {ex.Message}", ex);
        }
    }

    public static OnnxOutputs Run(InferenceSession session, float[] inputs, int rows, IReadOnlyList<int> rowShape)
    {
        ArgumentNullException.ThrowIfNull(session);
        long[] shape = [rows, .. rowShape.Select(d => (long)d)];
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [GraphNames.Input], [input], [.. GraphNames.Outputs]);
        return new OnnxOutputs(
            results[0].GetTensorDataAsSpan<float>().ToArray(),
            results[1].GetTensorDataAsSpan<float>().ToArray(),
            results[2].GetTensorDataAsSpan<long>().ToArray(),
            results[3].GetTensorDataAsSpan<float>().ToArray(),
            results[4].GetTensorDataAsSpan<float>().ToArray(),
            results[5].GetTensorDataAsSpan<float>().ToArray());
    }

    /// <summary>A regression graph's per-head [mean, variance] for a batch, interleaved as [rows, heads, 2] like a parity probe.</summary>
    /// <exception cref="OnnxExportException">ONNX Runtime rejects the model or fails to run it.</exception>
    public static float[] RunHeadGaussians(byte[] model, float[] inputs, int rows, IReadOnlyList<int> rowShape, GraphOptimizationLevel level)
    {
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = level };
            using var session = new InferenceSession(model, options);
            long[] shape = [rows, .. rowShape.Select(d => (long)d)];
            using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [GraphNames.Input], [input], [GraphNames.HeadMeans, GraphNames.HeadVariances]);
            var means = results[0].GetTensorDataAsSpan<float>();
            var variances = results[1].GetTensorDataAsSpan<float>();
            var interleaved = new float[means.Length * 2];
            for (var i = 0; i < means.Length; i++)
            {
                interleaved[2 * i] = means[i];
                interleaved[(2 * i) + 1] = variances[i];
            }

            return interleaved;
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxExportException($"ONNX Runtime rejected the exported graph ({level}): {ex.Message}", ex);
        }
    }
}
