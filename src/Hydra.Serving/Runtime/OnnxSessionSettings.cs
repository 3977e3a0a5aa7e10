using Microsoft.ML.OnnxRuntime;

namespace Hydra.Serving.Runtime;

/// <summary>How an <see cref="OnnxSession"/> is created; the defaults are what the scorer serves with.</summary>
public sealed record OnnxSessionSettings
{
    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Threads within one operator (0: ONNX Runtime's default).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across independent operators (0: ONNX Runtime's default).</summary>
    public int InterOpThreads { get; init; }

    /// <summary>When set, ONNX Runtime's profiler writes to a file starting with this path.</summary>
    public string? ProfilePrefix { get; init; }
}
