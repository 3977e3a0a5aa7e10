using Microsoft.ML.OnnxRuntime;

namespace Hydra.Serving.Runtime;

/// <summary>
/// The outputs of one <see cref="OnnxSession"/> run, by name; disposing releases ONNX Runtime's buffers.
/// </summary>
public sealed class OnnxResults : IDisposable
{
    private readonly IDisposableReadOnlyCollection<OrtValue> _values;
    private readonly Dictionary<string, int> _indices;

    internal OnnxResults(IReadOnlyList<string> names, IDisposableReadOnlyCollection<OrtValue> values)
    {
        Names = names;
        _values = values;
        _indices = names.Select((name, index) => (name, index))
            .ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
    }

    /// <summary>The outputs in the order they were asked for.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The output itself, valid until the results are disposed.</summary>
    /// <exception cref="KeyNotFoundException">The output was not asked for.</exception>
    public OrtValue Value(string name) =>
        _indices.TryGetValue(name, out var index) ? _values[index]
        : throw new KeyNotFoundException($"The output '{name}' was not asked for; asked: {string.Join(", ", Names)}.");

    /// <summary>A copy of a float output's values, flat and row-major.</summary>
    public float[] Floats(string name) => Value(name).GetTensorDataAsSpan<float>().ToArray();

    /// <summary>A copy of an int64 output's values, flat and row-major.</summary>
    public long[] Integers(string name) => Value(name).GetTensorDataAsSpan<long>().ToArray();

    public void Dispose() => _values.Dispose();
}
