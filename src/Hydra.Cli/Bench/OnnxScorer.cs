using Hydra.Core.Models;
using Hydra.Serving.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Cli.Bench;

/// <summary>
/// One exported model in the scorer's <see cref="OnnxSession"/>, fed from input tensors built once per batch size over
/// the setup's rows (no per-call copies, so the bench times the graph).
/// </summary>
internal sealed class OnnxScorer : IDisposable
{
    private readonly OnnxSession _session;
    private readonly Dictionary<int, OrtValue> _inputs = [];
    private readonly float[] _values;
    private readonly int[] _rowShape;

    public OnnxScorer(string path, OnnxSessionSettings settings, int[] rowShape, float[] values)
    {
        _session = new OnnxSession(path, settings);
        _rowShape = rowShape;
        _values = values;
    }

    /// <summary>Runs the whole graph (every output, uncertainty included) on <paramref name="batch"/> rows.</summary>
    public void Score(int batch)
    {
        using var outputs = _session.Run(Input(batch), _session.OutputNames);
    }

    /// <summary>The mean probabilities [batch, classes] of a one-head graph.</summary>
    public float[] HeadProbabilities(int batch)
    {
        using var outputs = _session.Run(Input(batch), [GraphNames.Probabilities]);
        return outputs.Floats(GraphNames.Probabilities);
    }

    /// <summary>A one-head regression graph's head means and variances, [batch] each.</summary>
    public (float[] Means, float[] Variances) HeadGaussians(int batch)
    {
        using var outputs = _session.Run(Input(batch), [GraphNames.HeadMeans, GraphNames.HeadVariances]);
        return (outputs.Floats(GraphNames.HeadMeans), outputs.Floats(GraphNames.HeadVariances));
    }

    /// <summary>
    /// Ends the session's profiling (it must have been created with a profile prefix): the profile's file.
    /// </summary>
    public string EndProfiling() => _session.EndProfiling();

    public void Dispose()
    {
        foreach (var input in _inputs.Values)
        {
            input.Dispose();
        }

        _session.Dispose();
    }

    private OrtValue Input(int batch)
    {
        if (!_inputs.TryGetValue(batch, out var value))
        {
            long[] shape = [batch, .. _rowShape.Select(d => (long)d)];
            var rowSize = _rowShape.Aggregate(1, (a, b) => a * b);
            value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _values.AsMemory(0,
                batch * rowSize), shape);
            _inputs[batch] = value;
        }

        return value;
    }
}
