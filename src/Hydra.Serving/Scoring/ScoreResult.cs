namespace Hydra.Serving.Scoring;

/// <summary>The outputs computed for one batch, by name, in the order they were requested.</summary>
public sealed class ScoreResult
{
    public ScoreResult(string modelName, ModelVersion version, int rows, IReadOnlyList<OutputTensor> outputs)
    {
        ModelName = modelName;
        Version = version;
        Rows = rows;
        Outputs = outputs;
    }

    public string ModelName { get; }

    public ModelVersion Version { get; }

    public int Rows { get; }

    public IReadOnlyList<OutputTensor> Outputs { get; }

    /// <summary>The quantile of the reference rows the out-of-distribution flag was set at.</summary>
    public double OodQuantile { get; init; }

    /// <summary>The epistemic value that quantile is, or null when the model is not calibrated.</summary>
    public double? OodThreshold => Assessment?.Threshold;

    /// <summary>Every row's epistemic uncertainty (computed whether asked for or not: telemetry reads it).</summary>
    public float[] Epistemic { get; init; } = [];

    /// <summary>A calibrated model's rows against its reference rows; null otherwise.</summary>
    public CalibratedOutputs.Assessment? Assessment { get; init; }

    /// <summary>The output named <paramref name="name"/>, or null when it was not requested.</summary>
    public OutputTensor? Find(string name) => Outputs.FirstOrDefault(o => o.Name == name);

    /// <exception cref="KeyNotFoundException">The output was not computed.</exception>
    public OutputTensor Get(string name) => Find(name) ?? throw new KeyNotFoundException(
        $"Output '{name}' was not computed.");
}
