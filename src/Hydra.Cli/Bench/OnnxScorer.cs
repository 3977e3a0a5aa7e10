using Hydra.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace Hydra.Cli.Bench;

/// <summary>One ONNX Runtime session fed from pre-built input tensors of every batch size (no per-call copies).</summary>
internal sealed class OnnxScorer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly Dictionary<int, OrtValue> _inputs = [];
    private readonly float[] _values;
    private readonly int[] _rowShape;
    private readonly string _inputName;

    public OnnxScorer(string path, SessionOptions options, int[] rowShape, float[] values)
    {
        _session = new InferenceSession(path, options);
        _inputName = _session.InputNames[0];
        _rowShape = rowShape;
        _values = values;
    }

    /// <summary>Runs the whole graph (every output, uncertainty included) on <paramref name="batch"/> rows.</summary>
    public void Score(int batch)
    {
        using var outputs = _session.Run(new RunOptions(), [_inputName], [Input(batch)], _session.OutputNames);
    }

    /// <summary>
    /// Time per operator type (ms, summed over nodes) for <paramref name="runs"/> runs at <paramref name="batch"/> rows,
    /// from ONNX Runtime's own profiler. Needs a session created with profiling enabled.
    /// </summary>
    public IReadOnlyDictionary<string, double> ProfileByOperator(int batch, int runs)
    {
        for (var i = 0; i < runs; i++)
        {
            Score(batch);
        }

        var file = _session.EndProfiling();
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            return json.RootElement.EnumerateArray()
                .Where(e => e.TryGetProperty("cat", out var cat) && cat.GetString() == "Node"
                    && e.TryGetProperty("args", out var args) && args.TryGetProperty("op_name", out _))
                .GroupBy(e => e.GetProperty("args").GetProperty("op_name").GetString()!)
                .ToDictionary(g => g.Key, g => g.Sum(e => e.GetProperty("dur").GetDouble()) / 1000.0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The mean probabilities [batch, classes] of a one-head graph.</summary>
    public float[] HeadProbabilities(int batch)
    {
        using var outputs = _session.Run(new RunOptions(), [_inputName], [Input(batch)], ["probabilities"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>A one-head regression graph's head means and variances, [batch] each.</summary>
    public (float[] Means, float[] Variances) HeadGaussians(int batch)
    {
        using var outputs = _session.Run(new RunOptions(), [_inputName], [Input(batch)], [GraphNames.HeadMeans, GraphNames.HeadVariances]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

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
            value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _values.AsMemory(0, batch * rowSize), shape);
            _inputs[batch] = value;
        }

        return value;
    }
}
