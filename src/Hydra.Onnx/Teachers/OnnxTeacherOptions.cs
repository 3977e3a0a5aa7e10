using Hydra.Core.Teachers;

namespace Hydra.Onnx.Teachers;

/// <summary>How ONNX teachers are read: which outputs mean what, and the bounds on a user-supplied graph.</summary>
public sealed record OnnxTeacherOptions
{
    /// <summary>The default bound on a teacher file: 512 MiB.</summary>
    public const long DefaultMaxBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Classification: the output holding [N, C] scores (default: the only float output, else the first float output
    /// of shape [N, C]).
    /// </summary>
    public string? Output { get; init; }

    /// <summary>Classification: logits or probabilities, or <see cref="TeacherScores.Detect"/> from a probe.</summary>
    public TeacherScores Scores { get; init; } = TeacherScores.Detect;

    /// <summary>Regression: the output holding each row's mean (default: an output named "mean").</summary>
    public string? Mean { get; init; }

    /// <summary>Regression: the output holding each row's variance (default: an output named "variance").</summary>
    public string? Variance { get; init; }

    /// <summary>Regression: the output holding each row's log-variance, instead of a variance.</summary>
    public string? LogVariance { get; init; }

    /// <summary>The largest teacher file accepted.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Rows per ONNX Runtime call.</summary>
    public int BatchRows { get; init; } = 1024;

    /// <summary>ONNX Runtime's threads within one operator (0: its default).</summary>
    public int Threads { get; init; }

    /// <summary>True when any regression output was named.</summary>
    public bool NamesRegressionOutputs => Mean is not null || Variance is not null || LogVariance is not null;
}
